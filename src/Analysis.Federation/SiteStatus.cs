namespace Analysis.Federation;

/// <summary>Whether a site's node answered a liveness request, and how fast.</summary>
/// <param name="Site">The site's name.</param>
/// <param name="Reachable">The node answered.</param>
/// <param name="Latency">Round-trip time of the request (also when it failed).</param>
/// <param name="Error">Why it was not reachable; null when it was.</param>
public sealed record SiteStatus(string Site, bool Reachable, TimeSpan Latency, string? Error)
{
    /// <inheritdoc />
    public override string ToString() => Reachable ? $"{Site}: up ({Latency.TotalMilliseconds:0} ms)" : $"{Site}: down ({Error})";
}

/// <summary>The status of every site of a federation, in catalog order.</summary>
/// <param name="Sites">Each site's status.</param>
public sealed record FederationStatus(IReadOnlyList<SiteStatus> Sites)
{
    /// <summary>Every site answered.</summary>
    public bool AllReachable => Sites.All(s => s.Reachable);

    /// <summary>The status of the site called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such site.</exception>
    public SiteStatus this[string name] => Sites.FirstOrDefault(s => s.Site == name) ?? throw new KeyNotFoundException($"no site '{name}' in this status");

    /// <summary>One line per site: up with its latency, or down with the reason.</summary>
    public override string ToString() => string.Join('\n', Sites);
}
