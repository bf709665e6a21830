namespace Analysis.Node.Http;

/// <summary>One audited request.</summary>
/// <param name="Time">When the request finished (UTC).</param>
/// <param name="User">The token's user, or <c>anonymous</c>.</param>
/// <param name="Endpoint">Method and path.</param>
/// <param name="Query">The request body, cut to a bounded length.</param>
/// <param name="Allowed">True when answered with a success status.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Reason">Why it was refused, when it was.</param>
/// <param name="ResultBytes">Size of the response body.</param>
/// <param name="ElapsedMs">Time spent answering.</param>
internal sealed record AuditEntry(DateTimeOffset Time, string User, string Endpoint, string? Query, bool Allowed, int Status, string? Reason, long ResultBytes, double ElapsedMs);
