using Deedle;

namespace Analysis.Stats;

/// <summary>How well a regression model predicts.</summary>
/// <param name="N">Rows evaluated.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="RSquared">1 - residual sum of squares / total sum of squares.</param>
public sealed record RegressionMetrics(int N, double Rmse, double Mae, double RSquared) : IMetrics
{
    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, double>> Scalars => [new("rmse", Rmse), new("mae", Mae), new("r_squared", RSquared)];

    /// <summary>The scalar metrics as a frame.</summary>
    public Frame<string, string> ToFrame() => MetricText.Frame([new("n", N), .. Scalars]);

    /// <inheritdoc />
    public override string ToString() => MetricText.Lines($"Regression, n = {N}", Scalars);

    /// <summary>Computes the metrics.</summary>
    public static RegressionMetrics Compute(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        if (actual.Count != predicted.Count || actual.Count == 0) throw new ArgumentException($"{actual.Count} outcomes for {predicted.Count} predictions", nameof(predicted));
        var mean = actual.Average();
        var residual = Enumerable.Range(0, actual.Count).Sum(i => Math.Pow(actual[i] - predicted[i], 2));
        var total = actual.Sum(a => Math.Pow(a - mean, 2));
        return new RegressionMetrics(actual.Count, Math.Sqrt(residual / actual.Count), Enumerable.Range(0, actual.Count).Average(i => Math.Abs(actual[i] - predicted[i])), 1 - residual / total);
    }
}
