namespace Analysis.ML.Learning;

/// <summary>Centres and scales each feature by the training rows' mean and population standard deviation (as scikit-learn's StandardScaler).</summary>
/// <param name="Mean">Per-feature mean.</param>
/// <param name="Scale">Per-feature standard deviation (1 for a constant feature, which then only gets centred).</param>
public sealed record Standardizer(double[] Mean, double[] Scale)
{
    /// <summary>The statistics of <paramref name="rows"/>.</summary>
    public static Standardizer Fit(IReadOnlyList<double[]> rows)
    {
        var p = rows[0].Length;
        var mean = new double[p];
        var scale = new double[p];
        for (var j = 0; j < p; j++)
        {
            var m = rows.Average(r => r[j]);
            var sd = Math.Sqrt(rows.Average(r => (r[j] - m) * (r[j] - m)));
            mean[j] = m;
            scale[j] = sd > 0 ? sd : 1;
        }
        return new Standardizer(mean, scale);
    }

    /// <summary>No scaling: the identity on <paramref name="features"/> features.</summary>
    public static Standardizer Identity(int features) => new(new double[features], Enumerable.Repeat(1.0, features).ToArray());

    /// <summary>One row standardised, as float for ML.NET and torch (the double values of <see cref="Transform"/>, rounded).</summary>
    public float[] Apply(double[] row)
    {
        var result = new float[row.Length];
        for (var j = 0; j < row.Length; j++) result[j] = (float)((row[j] - Mean[j]) / Scale[j]);
        return result;
    }

    /// <summary>One row standardised, in double precision (what fitted models are scored with).</summary>
    public double[] Transform(double[] row)
    {
        var result = new double[row.Length];
        for (var j = 0; j < row.Length; j++) result[j] = (row[j] - Mean[j]) / Scale[j];
        return result;
    }
}
