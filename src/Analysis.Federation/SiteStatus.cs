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
