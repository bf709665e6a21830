namespace Analysis.Node.Http;

/// <summary>One audited request, written before its answer leaves.</summary>
/// <param name="Time">When the answer was ready to leave (UTC).</param>
/// <param name="User">The token's user, or <c>anonymous</c>.</param>
/// <param name="Endpoint">Method and path.</param>
/// <param name="Query">What was asked, in full: the parsed request re-serialised with the contract's options (the parsed
/// query for a GET); for a body that could not be parsed, the body without its whitespace.</param>
/// <param name="Allowed">True when answered with a success status.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Reason">Why it was refused, when it was.</param>
/// <param name="ResultBytes">Size of the response body; for an answer streamed because it is large, its Content-Length (null when unknown).</param>
/// <param name="ElapsedMs">Time spent answering, up to the audit line.</param>
internal sealed record AuditEntry(DateTimeOffset Time, string User, string Endpoint, string? Query, bool Allowed, int Status, string? Reason, long? ResultBytes, double ElapsedMs);
