using System.Globalization;
using Analysis.Stats;
using Plotly.NET;

namespace Analysis.Viz;

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
