namespace Analysis.Node.Models;

/// <summary>The few dense vector operations the likelihoods need; p is small, so plain arrays suffice.</summary>
internal static class Matrix
{
    public static double[][] Square(int p) => Enumerable.Range(0, p).Select(_ => new double[p]).ToArray();

    public static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static void AddScaled(double[] target, double[] v, double scale)
    {
        for (var i = 0; i < target.Length; i++) target[i] += scale * v[i];
    }

    public static void AddOuter(double[][] target, double[] a, double[] b, double scale)
    {
        for (var i = 0; i < a.Length; i++)
            for (var j = 0; j < b.Length; j++) target[i][j] += scale * a[i] * b[j];
    }

    public static bool AllFinite(double[] score, double[][] information, double value) =>
        double.IsFinite(value) && score.All(double.IsFinite) && information.All(row => row.All(double.IsFinite));
}
