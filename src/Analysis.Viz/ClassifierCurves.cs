using System.Globalization;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>A receiver operating characteristic curve: (false positive rate, true positive rate) points from threshold sweeps.</summary>
/// <param name="Name">The curve's label; the legend adds its AUC.</param>
/// <param name="FalsePositiveRate">Increasing false positive rates, from 0 to 1.</param>
/// <param name="TruePositiveRate">The matching true positive rates.</param>
public sealed record RocCurve(string Name, double[] FalsePositiveRate, double[] TruePositiveRate)
{
    /// <summary>The area under the curve (trapezoidal rule over the points).</summary>
    public double Auc => Trapezoid(FalsePositiveRate, TruePositiveRate);

    /// <summary>The curve of a scored test set: one point per distinct score, highest first (scikit-learn's <c>roc_curve</c>).</summary>
    /// <param name="name">The curve's label.</param>
    /// <param name="actual">True for the positive class, per case.</param>
    /// <param name="scores">The model's score per case; higher means more likely positive.</param>
    public static RocCurve FromScores(string name, IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        var sweep = ThresholdSweep.Run(actual, scores);
        return new RocCurve(name, [0, .. sweep.Select(p => (double)p.FalsePositives / sweep.Negatives)],
            [0, .. sweep.Select(p => (double)p.TruePositives / sweep.Positives)]);
    }

    internal static double Trapezoid(double[] x, double[] y)
    {
        double area = 0;
        for (int i = 1; i < x.Length; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return Math.Abs(area);
    }
}

/// <summary>A precision-recall curve.</summary>
/// <param name="Name">The curve's label; the legend adds its average precision.</param>
/// <param name="Recall">Recall per point.</param>
/// <param name="Precision">Precision per point.</param>
public sealed record PrecisionRecallCurve(string Name, double[] Recall, double[] Precision)
{
    /// <summary>Average precision: the sum over points of (recall step) × precision, as scikit-learn's <c>average_precision_score</c>.</summary>
    public double AveragePrecision
    {
        get
        {
            var order = Enumerable.Range(0, Recall.Length).OrderBy(i => Recall[i]).ThenByDescending(i => Precision[i]).ToArray();
            double ap = 0, previous = 0;
            foreach (var i in order)
            {
                ap += (Recall[i] - previous) * Precision[i];
                previous = Recall[i];
            }
            return ap;
        }
    }

    /// <summary>The curve of a scored test set: one point per distinct score, highest first (scikit-learn's <c>precision_recall_curve</c>).</summary>
    /// <param name="name">The curve's label.</param>
    /// <param name="actual">True for the positive class, per case.</param>
    /// <param name="scores">The model's score per case; higher means more likely positive.</param>
    public static PrecisionRecallCurve FromScores(string name, IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        var sweep = ThresholdSweep.Run(actual, scores);
        return new PrecisionRecallCurve(name, [0, .. sweep.Select(p => (double)p.TruePositives / sweep.Positives)],
            [1, .. sweep.Select(p => (double)p.TruePositives / (p.TruePositives + p.FalsePositives))]);
    }
}

/// <summary>Confusion counts at each distinct score taken as the threshold, highest first.</summary>
internal sealed class ThresholdSweep : List<(int TruePositives, int FalsePositives)>
{
    public int Positives { get; private init; }
    public int Negatives { get; private init; }

    public static ThresholdSweep Run(IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        Require.NotEmpty(scores, nameof(scores));
        Require.SameLength(actual, scores.Count, nameof(actual), nameof(scores));
        Require.Finite(scores, nameof(scores));
        int positives = actual.Count(a => a);
        if (positives == 0 || positives == actual.Count)
            throw new ArgumentException("actual has only one class: the curve needs both positive and negative cases.", nameof(actual));
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var sweep = new ThresholdSweep { Positives = positives, Negatives = actual.Count - positives };
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (actual[order[k]]) tp++; else fp++;
            // Tied scores move together: one point per distinct threshold.
            if (k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]]) sweep.Add((tp, fp));
        }
        return sweep;
    }
}

/// <summary>ROC and precision-recall charts for binary classifiers.</summary>
public static class ClassifierCharts
{
    /// <summary>ROC curves with their AUC in the legend and the chance diagonal.</summary>
    /// <exception cref="ArgumentException">No curves, or a curve with mismatched, empty, NaN or out-of-range rates.</exception>
    public static GenericChart Roc(params RocCurve[] curves)
    {
        var all = Require.NotEmpty(curves, nameof(curves));
        foreach (var c in all) Check(c.Name, c.FalsePositiveRate, c.TruePositiveRate, nameof(RocCurve.FalsePositiveRate), nameof(RocCurve.TruePositiveRate));
        var traces = all.Select((c, k) => Line(string.Create(CultureInfo.InvariantCulture, $"{c.Name} (AUC = {c.Auc:0.000})"),
            c.FalsePositiveRate, c.TruePositiveRate, Palette.Color(k))).ToList();
        traces.Add(PlotlyParts.Trace("scatter", ("name", "chance"), ("x", new[] { 0, 1 }), ("y", new[] { 0, 1 }), ("mode", "lines"),
            ("line", PlotlyParts.Obj(("dash", "dash"), ("color", "#888"), ("width", 1))), ("hoverinfo", "skip")));
        return Square(traces, "False positive rate (1 − specificity)", "True positive rate (sensitivity)");
    }

    /// <summary>Precision-recall curves with their average precision in the legend.</summary>
    /// <exception cref="ArgumentException">No curves, or a curve with mismatched, empty, NaN or out-of-range values.</exception>
    public static GenericChart PrecisionRecall(params PrecisionRecallCurve[] curves)
    {
        var all = Require.NotEmpty(curves, nameof(curves));
        foreach (var c in all) Check(c.Name, c.Recall, c.Precision, nameof(PrecisionRecallCurve.Recall), nameof(PrecisionRecallCurve.Precision));
        var traces = all.Select((c, k) => Line(string.Create(CultureInfo.InvariantCulture, $"{c.Name} (AP = {c.AveragePrecision:0.000})"),
            c.Recall, c.Precision, Palette.Color(k))).ToList();
        return Square(traces, "Recall (sensitivity)", "Precision (positive predictive value)");
    }

    private static Trace Line(string name, double[] x, double[] y, string color) =>
        PlotlyParts.Trace("scatter", ("name", name), ("x", x), ("y", y), ("mode", "lines"), ("line", PlotlyParts.Obj(("color", color), ("width", 2))));

    private static GenericChart Square(List<Trace> traces, string xTitle, string yTitle) =>
        PlotlyParts.Chart(traces,
            ("xaxis", PlotlyParts.Obj(("title", PlotlyParts.Obj(("text", xTitle))), ("range", new[] { 0, 1 }), ("constrain", "domain"))),
            ("yaxis", PlotlyParts.Obj(("title", PlotlyParts.Obj(("text", yTitle))), ("range", new[] { 0, 1.02 }), ("scaleanchor", "x"), ("constrain", "domain"))),
            ("legend", PlotlyParts.Obj(("x", 0.98), ("xanchor", "right"), ("y", 0.02), ("yanchor", "bottom"))),
            ("width", 520), ("height", 520));

    private static void Check(string name, double[] x, double[] y, string xName, string yName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, "Name");
        Require.NotEmpty(x, xName);
        Require.SameLength(y, x.Length, yName, xName);
        Require.Probabilities(x, xName);
        Require.Probabilities(y, yName);
    }
}
