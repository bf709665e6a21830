namespace Analysis.Node.Configuration;

/// <summary>One accepted bearer token.</summary>
/// <param name="Token">The secret.</param>
/// <param name="User">Who it belongs to (written to the audit log).</param>
/// <param name="Scopes">What it may do; <c>aggregate</c> when omitted.</param>
public sealed record TokenGrant(string Token, string User, IReadOnlyList<string> Scopes)
{
    /// <summary>The scopes, defaulting to aggregate-only.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = Scopes ?? [Configuration.Scopes.Aggregate];
}
