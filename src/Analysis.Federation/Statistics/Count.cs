using System.Globalization;
using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>
/// A number of patients as the sites released it: one site's count, or the federation's total. When a site withheld
/// its count ("&lt;5") or gave none, the number is a lower bound and says so; a withheld count is never shown as 0.
/// </summary>
/// <param name="N">The released number (a site's value, or the sum of the values shown); 0 for a withheld count.</param>
/// <param name="IsLowerBound">The true number may be larger: a count behind it was withheld by disclosure control, or a site gave none.</param>
/// <param name="Display">What to show: <c>120</c>, <c>&lt;5</c> for a withheld count, <c>≥120</c> for a lower bound.</param>
public sealed record Count(long N, bool IsLowerBound, string Display)
{
    /// <summary>The count a site released: its value, or the site's marker for a withheld one.</summary>
    public static Count Of(ReleasedCell cell) => cell.Value is { } n ? new(n, false, Format(n)) : new(0, true, cell.Display);

    /// <summary>The sum of <paramref name="parts"/>; a lower bound when one of them is, or when <paramref name="incomplete"/> (a site gave no count).</summary>
    public static Count Sum(IEnumerable<Count> parts, bool incomplete = false)
    {
        var list = parts.ToList();
        var n = list.Sum(p => p.N);
        var lower = incomplete || list.Any(p => p.IsLowerBound);
        return new(n, lower, (lower ? "≥" : "") + Format(n));
    }

    private static string Format(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Display;
}

/// <summary>Federated answers made from what the sites released.</summary>
public static class Federated
{
    internal static async Task<Federated<Count>> CountAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var federation = cohort.RequireFederation();
        var answers = await federation.AskAllAsync(NodeEndpoints.Count, new CountRequest { Filter = cohort.ToFilter() }, cancellationToken)
            .ConfigureAwait(false);
        return await Count([.. answers.Select(a => new SiteAnswer<ReleasedCell?>(a.Site, a.Value?.Count, a.Failure))])
            .WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The federated count of the sites' released cells (a failed site with its reason and no cell), in catalog order:
    /// the total of the counts shown, a lower bound when a site withheld its count or gave none.
    /// </summary>
    /// <example><code>Federated.Count([new("oslo", ReleasedCell.Shown(12), null), new("lyon", ReleasedCell.Suppressed(5), null)])</code></example>
    public static Federated<Count> Count(IReadOnlyList<SiteAnswer<ReleasedCell?>> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var perSite = cells.Select(c => c.Value is { } cell ? new SiteAnswer<Count>(c.Site, Federation.Count.Of(cell), null) : new SiteAnswer<Count>(c.Site, null, c.Failure)).ToList();
        var sites = perSite.Select(s => s.Value is { } count
            ? new SiteContribution(s.Site, true, count.IsLowerBound ? null : count.N, null)
            : new SiteContribution(s.Site, false, null, s.Failure)).ToList();
        var caveats = new List<string>();
        if (sites.Any(s => !s.Included)) caveats.Add("not every site answered: the total covers the sites that did");
        var withheld = perSite.Where(s => s.Value?.IsLowerBound == true).ToList();
        if (withheld.Count > 0)
            caveats.Add($"{string.Join(", ", withheld.Select(s => $"{s.Site} ({s.Value!.Display})"))} withheld {(withheld.Count == 1 ? "its count" : "their counts")} " +
                        "under the cell threshold, counted as 0: the total is a lower bound");
        var total = Federation.Count.Sum(perSite.Where(s => s.Value is not null).Select(s => s.Value!), incomplete: sites.Any(s => !s.Included));
        return new Federated<Count>(total, sites, caveats, perSite);
    }
}
