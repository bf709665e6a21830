using Analysis.Federation;
using Analysis.Stats;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// <c>.Plot()</c> for the statistics' result types, local or federated: the chart a researcher expects for each
/// (Kaplan-Meier curves with bands, censoring marks and numbers at risk; forest plots of hazard and odds ratios;
/// per-site bars of a count).
/// </summary>
public static class ResultCharts
{
    /// <summary>Kaplan-Meier curves, one per stratum, with 95% bands, censoring marks and a number-at-risk table.</summary>
    /// <param name="result">The curves.</param>
    /// <param name="riskTableTimes">Times for the number-at-risk table; about six evenly spaced ones when null.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart Plot(this KaplanMeierResult result, double[]? riskTableTimes = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = result.Curves.Where(c => c.Times.Count > 0).Select(Series).ToList();
        if (series.Count == 0) throw new ArgumentException("the result has no curve with any follow-up to plot", nameof(result));
        title ??= result.LogRank is { } test ? $"Kaplan-Meier by stratum (log-rank p = {Format(test.PValue)})" : "Kaplan-Meier";
        return Charts.KaplanMeier(series, riskTableTimes, title: title);
    }

    /// <summary>One Kaplan-Meier curve with its band, censoring marks and numbers at risk.</summary>
    /// <param name="curve">The curve.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart Plot(this SurvivalCurve curve, string? title = null) =>
        Charts.KaplanMeier([Series(curve)], title: title ?? $"Kaplan-Meier: {curve.Stratum}");

    /// <summary>A forest plot of the hazard ratios with their 95% confidence intervals.</summary>
    /// <param name="result">The Cox model.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart Plot(this CoxResult result, string? title = null) =>
        Charts.Forest(result.Terms.Select(t => new EffectEstimate(t.Term, t.HazardRatio, t.Lower, t.Upper, t.PValue)), "Hazard ratio",
            title ?? $"Cox model: n = {result.N}, {result.Events} events");

    /// <summary>A forest plot of the odds ratios (intercept left out) with their 95% confidence intervals.</summary>
    /// <param name="result">The logistic model.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart Plot(this LogisticResult result, string? title = null) =>
        Charts.Forest(result.Terms.Where(t => t.Term != "(intercept)").Select(t => new EffectEstimate(t.Term, t.OddsRatio, t.Lower, t.Upper, t.PValue)),
            "Odds ratio", title ?? $"Logistic regression: n = {result.N}");

    /// <summary>The pooled result's chart (see the overloads for each statistic).</summary>
    /// <param name="result">A federated Kaplan-Meier result.</param>
    public static GenericChart Plot(this Federated<KaplanMeierResult> result) => result.Result.Plot();

    /// <summary>The pooled hazard ratios as a forest plot.</summary>
    /// <param name="result">A federated Cox model.</param>
    public static GenericChart Plot(this Federated<CoxResult> result) => result.Result.Plot();

    /// <summary>The pooled odds ratios as a forest plot.</summary>
    /// <param name="result">A federated logistic model.</param>
    public static GenericChart Plot(this Federated<LogisticResult> result) => result.Result.Plot();

    /// <summary>Per-site bars of a federated count; a suppressed site is drawn as "&lt;5", never as 0.</summary>
    /// <param name="count">The count.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart Plot(this Federated<Count> count, string? title = null) =>
        Charts.SiteBars(count.PerSite.Where(s => s.Value is not null).Select(s => s.Value!.IsLowerBound
                ? new SiteCell(s.Site, "patients", null, true, s.Value.Display)
                : new SiteCell(s.Site, "patients", s.Value.N)),
            title: title ?? $"Patients per site (total {count.Result.Display})");

    /// <summary>The histogram as bars (one series, named after the variable).</summary>
    /// <param name="histogram">The histogram.</param>
    /// <param name="name">The series name.</param>
    public static GenericChart Plot(this Histogram histogram, string name = "all") =>
        Charts.SiteHistogram(histogram.Bins.Select(b => new SiteBin(name, b.Lower, b.Upper, b.Count)));

    /// <summary>The summary's histogram (quartiles come from it); a summary without one cannot be drawn.</summary>
    /// <param name="summary">The numeric summary.</param>
    /// <exception cref="InvalidOperationException">The summary has no histogram.</exception>
    public static GenericChart Plot(this NumericSummary summary) =>
        (summary.Histogram ?? throw new InvalidOperationException($"the summary of {summary.Variable} has no histogram to draw")).Plot(summary.Variable);

    /// <summary>Each site's histogram side by side, bins a site suppressed drawn as "&lt;5", never as 0.</summary>
    /// <param name="summary">A federated numeric summary.</param>
    public static GenericChart Plot(this Federated<NumericSummary> summary) =>
        Charts.SiteHistogram(summary.PerSite.Where(s => s.Value?.Histogram is not null)
            .SelectMany(s => s.Value!.Histogram!.Bins.Select(b => new SiteBin(s.Site, b.Lower, b.Upper, b.Count))), summary.Result.Variable);

    /// <summary>Grouped bars of a cross-table: one group per row level, one bar per column level.</summary>
    /// <param name="table">The cross-table.</param>
    public static GenericChart Plot(this CrossTable table) =>
        Charts.SiteBars(table.Cells().Select(c => new SiteCell(c.Column, c.Row, c.Count)), "Patients", table.RowVariable,
            $"{table.RowVariable} by {table.ColumnVariable}");

    /// <summary>The pooled cross-table as grouped bars.</summary>
    /// <param name="table">A federated cross-table.</param>
    public static GenericChart Plot(this Federated<CrossTable> table) => table.Result.Plot();

    private static SurvivalSeries Series(SurvivalCurve c) => new(c.Stratum, [.. c.Times], [.. c.Survival], [.. c.Lower.Select(Clamp)], [.. c.Upper.Select(Clamp)],
        [.. c.AtRisk.Select(n => (int)n)], [.. c.Censored.Select(n => (int)n)]);

    // A band is undefined where S reaches 0 (log scale); show it as collapsing onto the curve's value.
    private static double Clamp(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);

    private static string Format(double p) => p < 0.001 ? p.ToString("0.0e0", System.Globalization.CultureInfo.InvariantCulture) : p.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
