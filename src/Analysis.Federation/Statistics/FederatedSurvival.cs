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
                if (intervals.Any(i => i.AtRisk.IsSuppressed || i.Events.IsSuppressed || i.Censored.IsSuppressed))
                {
                    // A partly suppressed table cannot be summed without guessing; the stratum is left out whole.
                    (withheld.TryGetValue(stratum, out var sites) ? sites : withheld[stratum] = []).Add(answer.Site);
                    continue;
                }
                var onGrid = Regrid(intervals, grid / table.IntervalDays, grid);
                patients += onGrid.N;
                siteStrata[stratum] = Occupied(onGrid);
                (pooled.TryGetValue(stratum, out var sum) ? sum : pooled[stratum] = []).Add(onGrid);
            }
            contributions.Add(new SiteContribution(answer.Site, true, patients, null));
            perSite.Add(siteStrata.Count == 0
                ? new SiteAnswer<KaplanMeierResult>(answer.Site, null, "every stratum withheld by disclosure control")
                : new SiteAnswer<KaplanMeierResult>(answer.Site, Survival.KaplanMeier(siteStrata, options), null));
        }
        foreach (var (stratum, sites) in withheld)
            caveats.Add($"stratum '{stratum}' withheld by {string.Join(", ", sites)} (too few patients, or cells suppressed): its curve covers the other sites only");
        if (tables.Select(t => t.Value!.IntervalDays).Distinct().Count() > 1) caveats.Add($"sites use different survival grids; all were merged onto {grid} days");
        var result = pooled.Count == 0
            ? throw new FederatedQueryException("Kaplan-Meier", contributions.Select(c => c.Included ? c with { Reason = "every stratum withheld" } : c))
            : Survival.KaplanMeier(pooled.ToDictionary(p => p.Key, p => Occupied(RiskTable.Sum(p.Value))), options);
        if (!contributions.TrueForAll(c => c.Included)) caveats.Insert(0, "not every site answered: the curves cover the sites that did");
        return await new Federated<KaplanMeierResult>(result, contributions, caveats, perSite)
            .WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
    }

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
    private static RiskTable Occupied(RiskTable table) => RiskTable.FromIntervals(table.Rows.Where(r => r.Events + r.Censored > 0));
}
