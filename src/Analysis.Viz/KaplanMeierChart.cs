using System.Globalization;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// Kaplan-Meier survival curves as survminer draws them: step curves from (0, 100%), shaded
/// step-shaped confidence bands, "+" at censoring times, a percent y-axis and a
/// number-at-risk table under the plot.
/// </summary>
public static class KaplanMeierChart
{
    /// <summary>The plot's share of the height when a risk table is drawn under it.</summary>
    private const double PlotBottom = 0.32;

    /// <summary>Draws <paramref name="curves"/>.</summary>
    /// <param name="curves">The curves, one colour each, in legend order.</param>
    /// <param name="riskTableTimes">Times at which to show the number at risk (e.g. every year); null or empty for no table. Needs every curve's <see cref="SurvivalSeries.AtRisk"/>.</param>
    /// <param name="timeTitle">The x-axis title.</param>
    /// <param name="survivalTitle">The y-axis title.</param>
    /// <param name="title">The chart's title, or null.</param>
    /// <exception cref="ArgumentException">No curves, a curve with inconsistent arrays, or risk table times without at-risk counts.</exception>
    public static GenericChart Create(IEnumerable<SurvivalSeries> curves, double[]? riskTableTimes = null,
        string timeTitle = "Time (days)", string survivalTitle = "Survival probability", string? title = null)
    {
        var all = Require.NotEmpty(curves, nameof(curves));
        foreach (var c in all) c.Validate();
        bool table = riskTableTimes is { Length: > 0 };
        if (table)
        {
            Require.Finite(riskTableTimes!, nameof(riskTableTimes));
            if (all.FirstOrDefault(c => c.AtRisk is null) is { } missing)
                throw new ArgumentException($"curve '{missing.Name}' has no AtRisk counts, so the risk table cannot be drawn.", nameof(riskTableTimes));
        }

        var traces = new List<Trace>();
        for (int k = 0; k < all.Length; k++) traces.AddRange(CurveTraces(all[k], Palette.Color(k)));
        if (table) traces.AddRange(all.Select((c, k) => RiskRow(c, riskTableTimes!, Palette.Color(k))));

        double maxTime = all.Max(c => c.Times[^1]);
        return PlotlyParts.Chart(traces,
            ("title", title is null ? null : PlotlyParts.Obj(("text", title))),
            // A little room left of 0, so the risk table's first counts are not cut by the axis.
            ("xaxis", PlotlyParts.Obj(("title", table ? null : PlotlyParts.Obj(("text", timeTitle))), ("range", new[] { -maxTime * 0.03, maxTime * 1.03 }),
                ("anchor", "y"), ("zeroline", false))),
            ("yaxis", PlotlyParts.Obj(("title", PlotlyParts.Obj(("text", survivalTitle))), ("tickformat", ".0%"),
                ("range", new[] { 0, 1.05 }), ("domain", new[] { table ? PlotBottom : 0, 1 }))),
            ("xaxis2", table ? PlotlyParts.Obj(("matches", "x"), ("anchor", "y2"), ("tickvals", riskTableTimes), ("showgrid", false), ("zeroline", false),
                ("title", PlotlyParts.Obj(("text", timeTitle)))) : null),
            // First curve on top, with half a row of room above and below so the counts are not cut.
            ("yaxis2", table ? PlotlyParts.Obj(("domain", new[] { 0, PlotBottom - 0.12 }), ("anchor", "x2"), ("type", "category"),
                ("range", new[] { all.Length - 0.5, -0.5 }), ("showgrid", false), ("zeroline", false), ("automargin", true),
                ("title", PlotlyParts.Obj(("text", "At risk")))) : null),
            ("legend", PlotlyParts.Obj(("orientation", "h"), ("x", 0), ("y", 1.08))),
            ("hovermode", "x unified"),
            ("height", table ? 560 : 420));
    }

    /// <summary>The band (lower then upper, filled between), the step curve, and the censoring marks of one curve.</summary>
    private static IEnumerable<Trace> CurveTraces(SurvivalSeries c, string color)
    {
        // survfit starts at the first time; the curve starts at (0, 1).
        var x = c.Times[0] > 0 ? [0.0, .. c.Times] : c.Times;
        double[] From(double[] v) => c.Times[0] > 0 ? [1.0, .. v] : v;
        var line = PlotlyParts.Obj(("shape", "hv"), ("color", color), ("width", 2));
        if (c.Lower is not null && c.Upper is not null)
        {
            var edge = PlotlyParts.Obj(("shape", "hv"), ("width", 0), ("color", color));
            yield return PlotlyParts.Trace("scatter", ("name", c.Name + " lower"), ("x", x), ("y", From(c.Lower)), ("mode", "lines"),
                ("line", edge), ("legendgroup", c.Name), ("showlegend", false), ("hoverinfo", "skip"));
            yield return PlotlyParts.Trace("scatter", ("name", c.Name + " 95% CI"), ("x", x), ("y", From(c.Upper)), ("mode", "lines"),
                ("line", edge), ("fill", "tonexty"), ("fillcolor", Palette.Translucent(color, 0.18)), ("legendgroup", c.Name),
                ("showlegend", false), ("hoverinfo", "skip"));
        }
        yield return PlotlyParts.Trace("scatter", ("name", c.Name), ("x", x), ("y", From(c.Survival)), ("mode", "lines"), ("line", line),
            ("legendgroup", c.Name), ("hovertemplate", "%{y:.1%}"));
        if (c.Censored is not null)
        {
            var at = Enumerable.Range(0, c.Times.Length).Where(i => c.Censored[i] > 0).ToArray();
            yield return PlotlyParts.Trace("scatter", ("name", c.Name + " censored"), ("x", at.Select(i => c.Times[i]).ToArray()),
                ("y", at.Select(i => c.Survival[i]).ToArray()), ("mode", "markers"),
                ("marker", PlotlyParts.Obj(("symbol", "cross-thin-open"), ("size", 8), ("color", color), ("line", PlotlyParts.Obj(("color", color), ("width", 1.5))))),
                ("legendgroup", c.Name), ("showlegend", false), ("hoverinfo", "skip"));
        }
    }

    /// <summary>One row of the number-at-risk table: the counts as text at the chosen times.</summary>
    private static Trace RiskRow(SurvivalSeries c, double[] times, string color) =>
        PlotlyParts.Trace("scatter", ("name", c.Name + " at risk"), ("x", times), ("y", times.Select(_ => c.Name).ToArray()),
            ("text", times.Select(t => c.NumberAtRisk(t).ToString(CultureInfo.InvariantCulture)).ToArray()),
            ("mode", "text"), ("textfont", PlotlyParts.Obj(("color", color))), ("xaxis", "x2"), ("yaxis", "y2"),
            ("showlegend", false), ("hoverinfo", "skip"));
}
