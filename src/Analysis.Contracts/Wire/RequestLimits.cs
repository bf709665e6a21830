namespace Analysis.Contracts;

/// <summary>
/// A site's limits on the request path (node.json <c>limits</c>): how long lists may be, how many requests run at once,
/// how many a token may send, and how many bulk exports a user may hold and for how long.
/// </summary>
/// <remarks>
/// They guard the node's resources rather than disclosure, but an analyst needs them to plan a workload, so they are
/// listed next to the disclosure policy (<c>GET /api/v1/policy</c>). Properties are settable (not init-only) so the
/// source-generated reader keeps the defaults of members a node.json leaves out (dotnet/runtime#84484).
/// </remarks>
public sealed record RequestLimits
{
    /// <summary>The most items any list in a request may hold (stage groups, genes, covariates, Beacon filters...). Default 500.</summary>
    /// <remarks>Checked on the raw body before anything is bound, so a list of 100,000 values costs a scan, not a query.</remarks>
    public int MaxListLength { get; set; } = 500;

    /// <summary>Requests answered at the same time; further ones wait in a queue. Default 16.</summary>
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>Requests that may wait for a free slot; beyond it the node answers 429. Default 1,000.</summary>
    public int MaxQueuedRequests { get; set; } = 1_000;

    /// <summary>Requests one token may send per minute, sustained (a token bucket refilled every second). Default 12,000.</summary>
    public int RequestsPerMinutePerToken { get; set; } = 12_000;

    /// <summary>Requests one token may send in a burst above the sustained rate (the bucket's size). Default 6,000.</summary>
    public int BurstPerToken { get; set; } = 6_000;

    /// <summary>Bulk exports one user may have running or waiting at once. Default 1.</summary>
    public int RunningExportsPerUser { get; set; } = 1;

    /// <summary>Bulk exports (running or finished, not yet deleted or expired) one user may hold. Default 5.</summary>
    public int StoredExportsPerUser { get; set; } = 5;

    /// <summary>Seconds a finished export's files are kept before they are deleted; its status then answers 404. Default 86,400 (a day).</summary>
    public int ExportRetentionSeconds { get; set; } = 86_400;

    /// <summary>Checks the limits make sense.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxListLength < 1) throw new ArgumentException("limits.maxListLength must be at least 1");
        if (MaxConcurrentRequests < 1) throw new ArgumentException("limits.maxConcurrentRequests must be at least 1");
        if (MaxQueuedRequests < 0) throw new ArgumentException("limits.maxQueuedRequests must be at least 0");
        if (RequestsPerMinutePerToken < 1) throw new ArgumentException("limits.requestsPerMinutePerToken must be at least 1");
        if (BurstPerToken < 1) throw new ArgumentException("limits.burstPerToken must be at least 1");
        if (RunningExportsPerUser < 1) throw new ArgumentException("limits.runningExportsPerUser must be at least 1");
        if (StoredExportsPerUser < RunningExportsPerUser) throw new ArgumentException("limits.storedExportsPerUser must be at least runningExportsPerUser");
        if (ExportRetentionSeconds < 1) throw new ArgumentException("limits.exportRetentionSeconds must be at least 1");
    }
}

/// <summary>Answer of <c>GET /api/v1/policy</c>: every rule a site applies, as DataSHIELD's <c>ds.listDisclosureSettings</c> lists its settings.</summary>
/// <param name="Disclosure">The disclosure rules every released number passes.</param>
/// <param name="Limits">The limits on requests: list lengths, concurrency, rate, exports.</param>
/// <param name="QueryTimeoutSeconds">The one deadline of a whole request (reading, parsing, binding and answering), from the policy.</param>
public sealed record SitePolicy(DisclosurePolicy Disclosure, RequestLimits Limits, int QueryTimeoutSeconds)
{
    /// <summary>The processing operations the site runs on its images (<see cref="ImagingOperations"/>), its allowlist; null from a node that predates it.</summary>
    public IReadOnlyList<string>? Processing { get; init; }
}
