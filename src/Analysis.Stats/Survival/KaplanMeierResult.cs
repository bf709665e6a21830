using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>Kaplan-Meier curves per stratum and, when there is more than one stratum, the log-rank test between them.</summary>
public sealed class KaplanMeierResult : ITabular
{
    internal KaplanMeierResult(IReadOnlyList<SurvivalCurve> curves, LogRankTest? logRank)
    {
        Curves = curves;
        LogRank = logRank;
    }

    /// <summary>The curves, one per stratum, in the strata's order.</summary>
    public IReadOnlyList<SurvivalCurve> Curves { get; }

    /// <summary>The log-rank test between the strata (null with a single stratum).</summary>
    public LogRankTest? LogRank { get; }

    /// <summary>The curve of one stratum.</summary>
    /// <exception cref="KeyNotFoundException">No stratum has that name (the known ones are listed).</exception>
    public SurvivalCurve this[string stratum] => Curves.FirstOrDefault(c => c.Stratum == stratum)
        ?? throw new KeyNotFoundException($"No stratum '{stratum}' (strata: {string.Join(", ", Curves.Select(c => $"'{c.Stratum}'"))}).");

    /// <summary>Every curve's points, stacked (the <c>Stratum</c> column tells them apart).</summary>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(Curves.SelectMany(c => c.Points));

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(Curves.SelectMany(c => c.Points));

    /// <summary>One summary line per stratum (n, events, median and its interval) and the log-rank test.</summary>
    public override string ToString() =>
        Tabular.ToText("Kaplan-Meier", Curves.Select(c => new { c.Stratum, c.N, Events = c.TotalEvents, c.Median, Lower = c.MedianLower, Upper = c.MedianUpper }))
        + (LogRank is null ? "" : Environment.NewLine + LogRank);
}
