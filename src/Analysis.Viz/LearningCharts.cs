using Analysis.Stats;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary><c>.Plot()</c> for classifier metrics: the ROC curve (with the AUC), and the precision-recall curve on request.</summary>
public static class LearningCharts
{
    /// <summary>The ROC curve of the metrics, named with its AUC, beside the chance diagonal.</summary>
    /// <param name="metrics">Metrics from <c>model.Evaluate(...)</c>.</param>
    /// <param name="name">The curve's name in the legend.</param>
    public static GenericChart Plot(this BinaryMetrics metrics, string name = "model") =>
        Charts.Roc(Roc(metrics, name));

    /// <summary>The ROC curve of <paramref name="metrics"/> as chart input, e.g. to compare several models in one chart.</summary>
    /// <param name="metrics">Metrics from <c>model.Evaluate(...)</c>.</param>
    /// <param name="name">The curve's name.</param>
    public static RocCurve Roc(this BinaryMetrics metrics, string name = "model") =>
        new(name, [.. metrics.Roc.Select(p => p.X)], [.. metrics.Roc.Select(p => p.Y)]);

    /// <summary>The precision-recall curve of the metrics.</summary>
    /// <param name="metrics">Metrics from <c>model.Evaluate(...)</c>.</param>
    /// <param name="name">The curve's name.</param>
    public static GenericChart PlotPrecisionRecall(this BinaryMetrics metrics, string name = "model") =>
        Charts.PrecisionRecall(new PrecisionRecallCurve(name, [.. metrics.PrecisionRecall.Select(p => p.X)], [.. metrics.PrecisionRecall.Select(p => p.Y)]));
}
