using Analysis.Contracts;
using Analysis.Stats;

namespace Analysis.Federation;

/// <summary>
/// Numeric summaries and cross-tables pooled from the sites' sufficient statistics: n, sum and sum of squares give the
/// pooled mean and variance exactly; histograms on a common bin width give the pooled quantiles (exact to the bin,
/// interpolated inside it); cross-table cells add up.
/// </summary>
internal static class FederatedDescriptive
{
    public static async Task<Federated<NumericSummary>> SummaryAsync(Cohort cohort, Variable variable, int? binWidth, CancellationToken cancellationToken)
    {
        var federation = cohort.RequireFederation();
        var filter = cohort.ToFilter();
        var summaryTask = federation.AskAllAsync(NodeEndpoints.Summary, new SummaryRequest { Filter = filter, Variable = variable.Name }, cancellationToken);
        var histogramTask = federation.AskAllAsync(NodeEndpoints.Histogram, new HistogramRequest { Filter = filter, Variable = variable.Name, BinWidth = binWidth },
            cancellationToken);
        var summaries = await summaryTask.ConfigureAwait(false);
        var histograms = await histogramTask.ConfigureAwait(false);

        var caveats = new List<string>();
        var contributions = new List<SiteContribution>();
        var perSite = new List<SiteAnswer<NumericSummary>>();
        var pooledMoments = new Moments(0, 0, 0);
        var pooledBins = new SortedDictionary<long, long>();
        int? commonWidth = null;
        var suppressedBins = new List<string>();
        for (var i = 0; i < summaries.Count; i++)
        {
            var (summary, histogram) = (summaries[i], histograms[i]);
            if (summary.Value is not { N.Value: { } n, Sum: { } sum, SumOfSquares: { } squares })
            {
                var reason = summary.Failure ?? $"n {summary.Value!.N.Display} was suppressed";
                contributions.Add(new SiteContribution(summary.Site, false, null, reason));
                perSite.Add(new SiteAnswer<NumericSummary>(summary.Site, null, reason));
                continue;
            }
            var moments = new Moments(n, sum, squares);
            pooledMoments += moments;
            Histogram? siteHistogram = null;
            if (histogram.Value is { } h && (commonWidth ??= h.BinWidth) == h.BinWidth)
            {
                foreach (var bin in h.Bins) pooledBins[bin.Lower] = pooledBins.GetValueOrDefault(bin.Lower) + bin.Count.ValueOrZero;
                var hidden = h.Bins.Count(b => b.Count.IsSuppressed);
                if (hidden > 0) suppressedBins.Add($"{summary.Site} ({hidden})");
                siteHistogram = new Histogram(h.Bins.Select(b => new HistogramBin(b.Lower, b.Lower + h.BinWidth, b.Count.ValueOrZero)));
            }
            else
            {
                caveats.Add(histogram.Failure is { } why
                    ? $"{summary.Site} gave no histogram ({why}): quantiles cover the other sites"
                    : $"{summary.Site} bins by {histogram.Value!.BinWidth}, not {commonWidth}: its histogram is left out of the quantiles");
            }
            contributions.Add(new SiteContribution(summary.Site, true, n, null));
            perSite.Add(new SiteAnswer<NumericSummary>(summary.Site, new NumericSummary(variable.Name, moments, siteHistogram), null));
        }
        if (pooledMoments.N == 0) throw new FederatedQueryException($"summary of {variable}", contributions);
        if (suppressedBins.Count > 0)
            caveats.Add($"histogram bins under the cell threshold were suppressed at {string.Join(", ", suppressedBins)} and count as 0: quantiles are approximate");
        if (!contributions.TrueForAll(c => c.Included)) caveats.Insert(0, "not every site answered: the summary covers the sites that did");
        var pooledHistogram = commonWidth is { } w && pooledBins.Count > 0 ? ContiguousHistogram(pooledBins, w) : null;
        return await new Federated<NumericSummary>(new NumericSummary(variable.Name, pooledMoments, pooledHistogram), contributions, caveats, perSite)
            .WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sites bin over their own range, so the pooled bins may have gaps; gaps are empty bins.</summary>
    private static Histogram ContiguousHistogram(SortedDictionary<long, long> bins, int width)
    {
        var first = bins.Keys.First();
        var last = bins.Keys.Last();
        return new Histogram(Enumerable.Range(0, (int)((last - first) / width) + 1)
            .Select(k => first + (long)k * width).Select(lower => new HistogramBin(lower, lower + width, bins.GetValueOrDefault(lower))));
    }

    public static async Task<Federated<CrossTable>> CrosstabAsync(Cohort cohort, Variable rows, Variable columns, CancellationToken cancellationToken)
    {
        var federation = cohort.RequireFederation();
        var answers = await federation.AskAllAsync(NodeEndpoints.Crosstab,
            new CrosstabRequest { Filter = cohort.ToFilter(), Rows = rows.Name, Columns = columns.Name }, cancellationToken).ConfigureAwait(false);
        var answered = answers.Where(a => a.Answered).ToList();
        if (answered.Count == 0) throw new FederatedQueryException($"crosstab of {rows} by {columns}", answers.Select(a => new SiteContribution(a.Site, false, null, a.Failure)));
        // Each site lists its own levels; the pooled table has every level any site has.
        var rowLevels = answered.SelectMany(a => a.Value!.Cells.Select(c => c.Row)).Distinct().Order(StringComparer.Ordinal).ToList();
        var columnLevels = answered.SelectMany(a => a.Value!.Cells.Select(c => c.Column)).Distinct().Order(StringComparer.Ordinal).ToList();
        CrossTable Table(CrosstabResult site)
        {
            var counts = new long[rowLevels.Count, columnLevels.Count];
            foreach (var cell in site.Cells) counts[rowLevels.IndexOf(cell.Row), columnLevels.IndexOf(cell.Column)] += cell.Count.ValueOrZero;
            return new CrossTable(rows.Name, columns.Name, rowLevels, columnLevels, counts);
        }
        var perSite = answers.Select(a => a.Value is { } v ? new SiteAnswer<CrossTable>(a.Site, Table(v), null) : new SiteAnswer<CrossTable>(a.Site, null, a.Failure)).ToList();
        var caveats = new List<string>();
        if (answers.Any(a => !a.Answered)) caveats.Add("not every site answered: the table covers the sites that did");
        var suppressed = answered.Select(a => (a.Site, Cells: a.Value!.Cells.Count(c => c.Count.IsSuppressed))).Where(s => s.Cells > 0).ToList();
        if (suppressed.Count > 0)
            caveats.Add($"cells under the cell threshold were suppressed at {string.Join(", ", suppressed.Select(s => $"{s.Site} ({s.Cells})"))} and count as 0: " +
                        "pooled cells are lower bounds and the chi-square test is approximate");
        var contributions = answers.Select(a => a.Answered
            ? new SiteContribution(a.Site, true, a.Value!.Cells.Sum(c => c.Count.ValueOrZero), null)
            : new SiteContribution(a.Site, false, null, a.Failure)).ToList();
        return await new Federated<CrossTable>(CrossTable.Sum(perSite.Where(p => p.Answered).Select(p => p.Value!)), contributions, caveats, perSite)
            .WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
    }
}
