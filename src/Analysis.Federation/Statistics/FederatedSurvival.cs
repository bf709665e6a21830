using Analysis.Contracts;
using Analysis.Stats;

namespace Analysis.Federation;

/// <summary>
/// Kaplan-Meier curves and the log-rank test pooled from the sites' risk tables. Each site releases, on its survival
/// grid, the number at risk at the start of every interval and the deaths and censorings in it; summing them over
/// sites gives the pooled data's table on that grid, so the pooled curve equals a Kaplan-Meier fit of every site's
/// patients with follow-up rounded up to the interval's end.
/// </summary>
internal static class FederatedSurvival
{
    /// <summary>
    /// A pooled curve is reported while at least this many patients per unit of the sites' summed noise bound remain at
    /// risk (90 for three sites of the default ±2). The sites release deaths and censorings as cumulative counts, each
    /// within its noise bound of the truth, so the curve's error at time t is about that bound over the number at risk
    /// at t, times the survival: under 0.02 at every reported time for three sites of 1,000 patients in a simulation of
    /// the mechanism over 10,000 key draws (a gap over 0.02 in 0.2% of them; docs/privacy.md).
    /// </summary>
    internal const int MinAtRiskPerNoise = 15;

    public static async Task<Federated<KaplanMeierResult>> KaplanMeierAsync(Cohort cohort, Variable? strata, SurvivalOptions? options, CancellationToken cancellationToken)
    {
        var federation = cohort.RequireFederation();
        var answers = await federation.AskAllAsync(NodeEndpoints.RiskTable, new RiskTableRequest { Filter = cohort.ToFilter(), Strata = strata?.Name },
            cancellationToken).ConfigureAwait(false);
        var tables = answers.Where(a => a.Answered).ToList();
        var caveats = new List<string>();
        if (tables.Count == 0) throw new FederatedQueryException("Kaplan-Meier", answers.Select(a => new SiteContribution(a.Site, false, null, a.Failure)));

        // Sites may use different grids; one that divides the coarsest can be merged onto it, exactly.
        var grid = tables.Max(t => t.Value!.IntervalDays);
        var withheld = new Dictionary<string, List<string>>();
        // Per stratum, the earliest day a site's table stops (its later intervals withheld), and that site.
        var cuts = new Dictionary<string, (double Day, string Site)>();
        var pooled = new SortedDictionary<string, List<RiskTable>>(StringComparer.Ordinal);
        var perSite = new List<SiteAnswer<KaplanMeierResult>>();
        var contributions = new List<SiteContribution>();
        foreach (var answer in answers)
        {
            if (answer.Value is not { } table)
            {
                contributions.Add(new SiteContribution(answer.Site, false, null, answer.Failure));
                perSite.Add(new SiteAnswer<KaplanMeierResult>(answer.Site, null, answer.Failure));
                continue;
            }
            if (grid % table.IntervalDays != 0)
            {
                var reason = $"its survival grid ({table.IntervalDays} d) does not divide the federation's coarsest ({grid} d)";
                contributions.Add(new SiteContribution(answer.Site, false, null, reason));
                perSite.Add(new SiteAnswer<KaplanMeierResult>(answer.Site, null, reason));
                continue;
            }
            var siteStrata = new Dictionary<string, RiskTable>();
            long patients = 0;
            foreach (var (stratum, intervals) in table.Strata)
            {
                // A protected site stops its table where few remain at risk (its later intervals withheld): the shown
                // intervals are used, and the pooled curve stops there. Any other suppression cannot be summed without
                // guessing, so the stratum is left out whole.
                var shown = ShownIntervals(intervals);
                var factor = grid / table.IntervalDays;
                var usable = shown / factor * factor;
                if (usable == 0)
                {
                    (withheld.TryGetValue(stratum, out var sites) ? sites : withheld[stratum] = []).Add(answer.Site);
                    continue;
                }
                var onGrid = Regrid(intervals.Take(usable).ToList(), factor, grid);
                if (usable < intervals.Count)
                {
                    var end = usable / factor * (double)grid;
                    cuts[stratum] = cuts.TryGetValue(stratum, out var earlier) && earlier.Day <= end ? earlier : (end, answer.Site);
                }
                patients += onGrid.N;
                siteStrata[stratum] = Occupied(onGrid);
                (pooled.TryGetValue(stratum, out var sum) ? sum : pooled[stratum] = []).Add(onGrid);
            }
            contributions.Add(new SiteContribution(answer.Site, true, patients, null));
            perSite.Add(siteStrata.Count == 0
                ? new SiteAnswer<KaplanMeierResult>(answer.Site, null, "every stratum withheld by disclosure control")
                : new SiteAnswer<KaplanMeierResult>(answer.Site, Survival.KaplanMeier(siteStrata, options), null));
        }
        var answered = answers.Count(a => a.Value is not null);
        foreach (var (stratum, sites) in withheld)
            caveats.Add(pooled.ContainsKey(stratum)
                ? $"stratum '{stratum}' withheld by {string.Join(", ", sites)} (too few patients, or cells suppressed): its curve covers the other sites only"
                : $"stratum '{stratum}' withheld by {(sites.Count == answered && answered > 1 ? "every site" : string.Join(", ", sites))} (too few patients, or cells suppressed): it has no curve");
        var cutPooled = pooled.ToDictionary(p => p.Key, p => Cut(p.Value, cuts.TryGetValue(p.Key, out var c) ? c.Day : double.PositiveInfinity));
        // Where the pooled number at risk falls under MinAtRiskPerNoise times the sites' summed noise bound, the noise on
        // the deaths left moves the curve by more than its precision; the curve stops at the interval before.
        var noise = await federation.NoiseBoundAsync(contributions, cancellationToken).ConfigureAwait(false);
        var minAtRisk = MinAtRiskPerNoise * noise;
        var tails = new List<string>();
        foreach (var stratum in cutPooled.Keys.ToList())
        {
            var rows = RiskTable.Sum(cutPooled[stratum]).Rows;
            var first = Enumerable.Range(0, rows.Count).FirstOrDefault(i => rows[i].AtRisk < minAtRisk, -1);
            if (first < 0) continue;
            if (first == 0)
            {
                tails.Add($"{(strata is null ? "the curve" : $"the curve of stratum '{stratum}'")} rests on fewer than {minAtRisk} patients, too few " +
                          "for the sites' noise to leave it close to the pooled data's: read it as a rough estimate");
                continue;
            }
            var day = rows[first - 1].Time;
            cutPooled[stratum] = Cut(cutPooled[stratum], day);
            if (!cuts.TryGetValue(stratum, out var earlier) || day < earlier.Day) cuts[stratum] = (day, "");
        }
        foreach (var (stratum, (day, site)) in cuts.Where(c => pooled.ContainsKey(c.Key)))
            caveats.Add($"{(strata is null ? "the curve" : $"the curve of stratum '{stratum}'")} stops at day {day:0}: " +
                        (site.Length > 0
                            ? $"from there fewer patients remain at risk at {site} than its disclosure policy releases a risk table for"
                            : $"from there fewer than {minAtRisk} patients remain at risk in all, and the sites' noise (up to ±{noise} on a pooled count) would move it further than its precision") +
                        (pooled.Count > 1 ? " (the log-rank test covers the times every curve reaches)" : ""));
        caveats.AddRange(tails);
        if (tables.Select(t => t.Value!.IntervalDays).Distinct().Count() > 1) caveats.Add($"sites use different survival grids; all were merged onto {grid} days");
        var result = pooled.Count == 0
            ? throw new FederatedQueryException("Kaplan-Meier", contributions.Select(c => c.Included ? c with { Reason = "every stratum withheld" } : c))
            : Survival.KaplanMeier(cutPooled.ToDictionary(p => p.Key, p => Occupied(RiskTable.Sum(p.Value), keepLast: cuts.ContainsKey(p.Key))), options);
        if (strata is not null && result.LogRank is null)
            caveats.Add($"no log-rank test: only stratum '{result.Curves[0].Stratum}' has a curve after disclosure control" +
                        (withheld.Count > 0 ? $" (withheld: {string.Join(", ", withheld.Keys.Where(k => !pooled.ContainsKey(k)).Select(k => $"'{k}'"))})" : ""));
        if (!contributions.TrueForAll(c => c.Included)) caveats.Insert(0, "not every site answered: the curves cover the sites that did");
        return await new Federated<KaplanMeierResult>(result, contributions, caveats, perSite)
            .WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How many leading intervals of a site's stratum are usable: all of them when nothing is suppressed; the shown ones
    /// when the table stops (every cell of every later interval withheld, as a protected site does where few remain at
    /// risk); none when cells are suppressed in any other pattern.
    /// </summary>
    private static int ShownIntervals(IReadOnlyList<RiskInterval> intervals)
    {
        static bool Hidden(RiskInterval i) => i.AtRisk.IsSuppressed || i.Events.IsSuppressed || i.Censored.IsSuppressed;
        var first = 0;
        while (first < intervals.Count && !Hidden(intervals[first])) first++;
        for (var k = first; k < intervals.Count; k++)
            if (!(intervals[k].AtRisk.IsSuppressed && intervals[k].Events.IsSuppressed && intervals[k].Censored.IsSuppressed)) return 0;
        return first;
    }

    /// <summary>The sites' tables of one stratum up to <paramref name="day"/> (the earliest day a site's table stops), so the sum is the pooled table there.</summary>
    private static List<RiskTable> Cut(List<RiskTable> tables, double day) =>
        double.IsPositiveInfinity(day) ? tables : [.. tables.Select(t => RiskTable.FromIntervals(t.Rows.Where(r => r.Time <= day)))];

    /// <summary>
    /// A site's intervals merged <paramref name="factor"/> at a time onto the federation's grid, every interval kept and
    /// dated at its end (when its deaths are known), so tables of different sites line up row by row for summing.
    /// </summary>
    private static RiskTable Regrid(IReadOnlyList<RiskInterval> intervals, int factor, int grid) =>
        RiskTable.FromIntervals(intervals.Chunk(factor).Select((merged, k) => new RiskRow((k + 1) * (double)grid,
            merged[0].AtRisk.ValueOrZero, merged.Sum(i => i.Events.ValueOrZero), merged.Sum(i => i.Censored.ValueOrZero))));

    /// <summary>
    /// The intervals where someone died or was censored: the times a Kaplan-Meier fit over follow-up rounded up to the
    /// grid has, so the curve equals that fit's.
    /// </summary>
    /// <param name="table">The table on the grid.</param>
    /// <param name="keepLast">Keep the last row even if empty: the curve of a table that stops (its later intervals
    /// withheld) then ends at the day it is known up to, rather than at its last death or censoring.</param>
    private static RiskTable Occupied(RiskTable table, bool keepLast = false) =>
        RiskTable.FromIntervals(table.Rows.Where((r, i) => r.Events + r.Censored > 0 || (keepLast && i == table.Rows.Count - 1)));
}
