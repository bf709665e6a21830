namespace Analysis.Stats;

/// <summary>A receiver operating characteristic curve: (false positive rate, true positive rate) points from threshold sweeps.</summary>
/// <param name="Name">The curve's label; a chart's legend adds its AUC.</param>
/// <param name="FalsePositiveRate">Increasing false positive rates, from 0 to 1.</param>
/// <param name="TruePositiveRate">The matching true positive rates.</param>
public sealed record RocCurve(string Name, double[] FalsePositiveRate, double[] TruePositiveRate)
{
    /// <summary>The area under the curve (trapezoidal rule over the points).</summary>
    public double Auc => Area(FalsePositiveRate, TruePositiveRate);

    /// <summary>The curve of a scored test set: one point per distinct score, highest first (scikit-learn's <c>roc_curve</c>).</summary>
    /// <param name="name">The curve's label.</param>
    /// <param name="actual">True for the positive class, per case.</param>
    /// <param name="scores">The model's score per case; higher means more likely positive.</param>
    /// <exception cref="ArgumentException">Empty or non-finite scores, lengths that differ, or only one class (the argument is named).</exception>
    public static RocCurve FromScores(string name, IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        ThresholdSweep.Check(actual, scores);
        var roc = ThresholdSweep.Run(actual, scores).Roc();
        return new RocCurve(name, [.. roc.Select(p => p.X)], [.. roc.Select(p => p.Y)]);
    }

    /// <summary>The trapezoidal area under (x, y) points taken in order.</summary>
    internal static double Area(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double area = 0;
        for (var i = 1; i < x.Count; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return Math.Abs(area);
    }
}
