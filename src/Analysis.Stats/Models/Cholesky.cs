namespace Analysis.Stats;

/// <summary>
/// Cholesky factor of an information matrix, which names the column that makes it singular: the first
/// whose pivot vanishes is constant or a linear combination of the columns before it.
/// </summary>
internal sealed class Cholesky
{
    private readonly double[,] _l;
    private readonly int _p;

    private Cholesky(double[,] l, int p) { _l = l; _p = p; }

    /// <summary>Factors the matrix, or returns the index of the first dependent column.</summary>
    public static Cholesky? TryFactor(double[][] a, out int dependentColumn)
    {
        var p = a.Length;
        var l = new double[p, p];
        for (var j = 0; j < p; j++)
        {
            var diagonal = a[j][j];
            for (var k = 0; k < j; k++) diagonal -= l[j, k] * l[j, k];
            // Relative to the column's own information, so scale does not matter (as R's toler.chol).
            if (!(diagonal > 1e-10 * Math.Abs(a[j][j])) || !(a[j][j] > 0) || !double.IsFinite(diagonal))
            {
                dependentColumn = j;
                return null;
            }
            l[j, j] = Math.Sqrt(diagonal);
            for (var i = j + 1; i < p; i++)
            {
                var sum = a[i][j];
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = sum / l[j, j];
            }
        }
        dependentColumn = -1;
        return new Cholesky(l, p);
    }

    public double[] Solve(IReadOnlyList<double> b)
    {
        var y = new double[_p];
        for (var i = 0; i < _p; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= _l[i, k] * y[k];
            y[i] = sum / _l[i, i];
        }
        var x = new double[_p];
        for (var i = _p - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < _p; k++) sum -= _l[k, i] * x[k];
            x[i] = sum / _l[i, i];
        }
        return x;
    }

    public double[][] Inverse() => Enumerable.Range(0, _p)
        .Select(j => Solve(Enumerable.Range(0, _p).Select(i => i == j ? 1.0 : 0.0).ToArray()))
        .ToArray(); // symmetric, so columns are rows
}
