using System.Globalization;
using System.Text;
using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>Whether a site's node answered, how fast, and what it said about itself.</summary>
/// <param name="Site">The site's name.</param>
/// <param name="Reachable">The node answered (possibly with an error, e.g. a token it does not accept).</param>
/// <param name="Latency">Round-trip time of the request (also when it failed).</param>
/// <param name="Error">Why it was not reachable or gave no information; null when all went well.</param>
/// <param name="Info">The node's description (its version, size, openness and disclosure policy); null when it gave none.</param>
public sealed record SiteStatus(string Site, bool Reachable, TimeSpan Latency, string? Error, NodeInfo? Info = null)
{
    /// <inheritdoc />
    public override string ToString() => (Reachable, Info) switch
    {
        (true, { } i) => $"{Site}: up ({Latency.TotalMilliseconds:0} ms), node {i.Version}, {i.Patients} patients{(i.Open ? ", open" : "")}, " +
                         Policy(i.Policy) + (i.Processing is { } p ? $", imaging operations: {(p.Count == 0 ? "none" : string.Join(", ", p))}" : ""),
        (true, null) => $"{Site}: up ({Latency.TotalMilliseconds:0} ms) but {Error}",
        _ => $"{Site}: down ({Error})",
    };

    /// <summary>The site's disclosure rules in one line: its mode, thresholds and (protected) noise, rounding and bands.</summary>
    private static string Policy(DisclosurePolicy p) =>
        (p.IsExact ? "exact mode" : $"protected mode ({FederationClient.Describe(p)}, cohorts differing by fewer than {p.MinCohortDifference} refused)") +
        $", cells <{p.MinCellCount} suppressed, subsets >= {p.MinSubsetSize}, survival grid {p.SurvivalGridDays} d";
}

/// <summary>The status of every site of a federation, in catalog order.</summary>
/// <param name="Sites">Each site's status.</param>
public sealed record FederationStatus(IReadOnlyList<SiteStatus> Sites)
{
    /// <summary>Every site answered with its description.</summary>
    public bool AllReachable => Sites.All(s => s.Reachable && s.Error is null);

    /// <summary>The status of the site called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such site.</exception>
    public SiteStatus this[string name] => Sites.FirstOrDefault(s => s.Site == name) ?? throw new KeyNotFoundException($"no site '{name}' in this status");

    /// <summary>One line per site: up with its latency, version, size and thresholds, or down with the reason.</summary>
    public override string ToString() => string.Join('\n', Sites);
}

/// <summary>
/// The sites of a federation in catalog order. Showing it (its <see cref="ToString"/>, or the notebook's display of
/// <c>fed.Sites</c>) asks every node for its status, so a glance tells which sites are up and what rules they apply.
/// </summary>
public sealed class FederationSites : IReadOnlyList<Site>
{
    private readonly IReadOnlyList<Site> sites;
    private readonly Func<CancellationToken, Task<FederationStatus>> status;

    internal FederationSites(IReadOnlyList<Site> sites, Func<CancellationToken, Task<FederationStatus>> status)
    {
        this.sites = sites;
        this.status = status;
    }

    /// <inheritdoc />
    public Site this[int index] => sites[index];

    /// <summary>The site called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such site.</exception>
    public Site this[string name] => sites.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                                     ?? throw new KeyNotFoundException($"no site '{name}'; the sites are {string.Join(", ", sites.Select(s => s.Name))}");

    /// <inheritdoc />
    public int Count => sites.Count;

    /// <summary>Asks every node for its status in parallel (each within the site timeout).</summary>
    public Task<FederationStatus> StatusAsync(CancellationToken cancellationToken = default) => status(cancellationToken);

    /// <inheritdoc />
    public IEnumerator<Site> GetEnumerator() => sites.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The live status of every site, one line each (blocks for at most the site timeout).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Count} site{(Count == 1 ? "" : "s")}\n");
        return text.Append(StatusAsync().GetAwaiter().GetResult()).ToString();
    }
}
