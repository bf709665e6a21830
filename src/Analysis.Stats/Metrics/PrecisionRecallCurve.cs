namespace Analysis.Stats;

/// <summary>A precision-recall curve.</summary>
/// <param name="Name">The curve's label; a chart's legend adds its average precision.</param>
/// <param name="Recall">Recall per point.</param>
/// <param name="Precision">Precision per point.</param>
public sealed record PrecisionRecallCurve(string Name, double[] Recall, double[] Precision)
{
    /// <summary>Average precision: the sum over points of (recall step) × precision, as scikit-learn's <c>average_precision_score</c>.</summary>
    public double AveragePrecision => Average(Recall, Precision);

    /// <summary>Average precision of (recall, precision) points, in any order: the sum of (recall step) × precision, taken in increasing recall.</summary>
    internal static double Average(IReadOnlyList<double> recall, IReadOnlyList<double> precision)
    {
        // Among points of equal recall the first threshold reaching it (highest precision) carries the step.
        var order = Enumerable.Range(0, recall.Count).OrderBy(i => recall[i]).ThenByDescending(i => precision[i]).ToArray();
        double ap = 0, previous = 0;
        foreach (var i in order)
        {
            ap += (recall[i] - previous) * precision[i];
            previous = recall[i];
        }
        return ap;
    }

    /// <summary>The curve of a scored test set: (recall 0, precision 1), then one point per distinct score, highest first (scikit-learn's <c>precision_recall_curve</c>).</summary>
    /// <param name="name">The curve's label.</param>
    /// <param name="actual">True for the positive class, per case.</param>
    /// <param name="scores">The model's score per case; higher means more likely positive.</param>
    /// <exception cref="ArgumentException">Empty or non-finite scores, lengths that differ, or only one class (the argument is named).</exception>
    public static PrecisionRecallCurve FromScores(string name, IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        ThresholdSweep.Check(actual, scores);
        var pr = ThresholdSweep.Run(actual, scores).PrecisionRecall();
        return new PrecisionRecallCurve(name, [0, .. pr.Select(p => p.X)], [1, .. pr.Select(p => p.Y)]);
    }
}
