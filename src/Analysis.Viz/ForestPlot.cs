using System.Globalization;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>One row of a forest plot: a model term's ratio estimate and its confidence interval.</summary>
/// <param name="Term">The term's label (e.g. "Stage III vs I").</param>
/// <param name="Estimate">The hazard or odds ratio (positive).</param>
/// <param name="Lower">Lower confidence limit (positive, at most the estimate).</param>
/// <param name="Upper">Upper confidence limit (at least the estimate).</param>
/// <param name="P">The p-value, or null.</param>
public sealed record EffectEstimate(string Term, double Estimate, double Lower, double Upper, double? P = null);

/// <summary>Forest plots of hazard or odds ratios: a point and interval per term on a log axis, a reference line at 1.</summary>
public static class ForestPlot
{
    /// <summary>Draws one row per estimate, top to bottom in the order given.</summary>
    /// <param name="estimates">The terms to draw.</param>
    /// <param name="measure">The x-axis title, e.g. "Hazard ratio" or "Odds ratio".</param>
    /// <param name="title">The chart's title, or null.</param>
    /// <exception cref="ArgumentException">No estimates, or a non-positive, non-finite or inconsistent ratio or interval.</exception>
    public static GenericChart Create(IEnumerable<EffectEstimate> estimates, string measure = "Hazard ratio", string? title = null)
    {
        var rows = Require.NotEmpty(estimates, nameof(estimates));
        for (int i = 0; i < rows.Length; i++) Check(rows[i], i);
        var text = rows.Select(r => r.P is { } p ? string.Create(CultureInfo.InvariantCulture, $"{r.Estimate:0.00} ({r.Lower:0.00}–{r.Upper:0.00}), p {FormatP(p)}")
            : string.Create(CultureInfo.InvariantCulture, $"{r.Estimate:0.00} ({r.Lower:0.00}–{r.Upper:0.00})")).ToArray();
        var points = PlotlyParts.Trace("scatter",
            ("name", measure), ("x", rows.Select(r => r.Estimate).ToArray()), ("y", rows.Select(r => r.Term).ToArray()), ("mode", "markers"),
            ("marker", PlotlyParts.Obj(("symbol", "square"), ("size", 10), ("color", Palette.Color(0)))),
            ("error_x", PlotlyParts.Obj(("type", "data"), ("symmetric", false), ("array", rows.Select(r => r.Upper - r.Estimate).ToArray()),
                ("arrayminus", rows.Select(r => r.Estimate - r.Lower).ToArray()), ("color", Palette.Color(0)), ("thickness", 1.5), ("width", 4))),
            ("text", text), ("hovertemplate", "%{y}: %{text}<extra></extra>"), ("showlegend", false));
        var labels = rows.Select((r, i) => PlotlyParts.Obj(("xref", "paper"), ("x", 1.02), ("xanchor", "left"), ("y", r.Term), ("yref", "y"),
            ("text", text[i]), ("showarrow", false))).ToArray();
        return PlotlyParts.Chart([points],
            ("title", title is null ? null : PlotlyParts.Obj(("text", title))),
            ("xaxis", PlotlyParts.Obj(("type", "log"), ("title", PlotlyParts.Obj(("text", measure + " (log scale)"))), ("zeroline", false))),
            ("yaxis", PlotlyParts.Obj(("type", "category"), ("autorange", "reversed"), ("automargin", true))),
            ("shapes", new[] { PlotlyParts.Obj(("type", "line"), ("xref", "x"), ("x0", 1), ("x1", 1), ("yref", "paper"), ("y0", 0), ("y1", 1),
                ("line", PlotlyParts.Obj(("color", "#555"), ("dash", "dash"), ("width", 1)))) }),
            ("annotations", labels),
            ("margin", PlotlyParts.Obj(("r", 220))),
            ("height", Math.Max(260, 80 + 34 * rows.Length)));
    }

    private static string FormatP(double p) => p < 0.001 ? "< 0.001" : "= " + p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    private static void Check(EffectEstimate r, int i)
    {
        string where = $"estimates[{i}] ('{r.Term}')";
        foreach (var (name, v) in new[] { ("Estimate", r.Estimate), ("Lower", r.Lower), ("Upper", r.Upper) })
            if (!double.IsFinite(v) || v <= 0) throw new ArgumentException($"{where}.{name} is {v}: ratios must be finite and positive for a log axis.", "estimates");
        if (r.Lower > r.Estimate || r.Upper < r.Estimate)
            throw new ArgumentException($"{where}: the interval [{r.Lower}, {r.Upper}] does not contain the estimate {r.Estimate}.", "estimates");
        if (r.P is { } p && !(p is >= 0 and <= 1)) throw new ArgumentException($"{where}.P is {p}: a p-value is between 0 and 1.", "estimates");
    }
}
