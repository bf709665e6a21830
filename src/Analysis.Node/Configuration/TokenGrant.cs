namespace Analysis.Node.Configuration;

/// <summary>One accepted bearer token.</summary>
/// <param name="Token">The secret.</param>
/// <param name="User">Who it belongs to (written to the audit log).</param>
/// <param name="Scopes">What it may do; <c>aggregate</c> when omitted.</param>
public sealed record TokenGrant(string Token, string User, IReadOnlyList<string> Scopes)
{
    /// <summary>The scopes, defaulting to aggregate-only.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = Scopes ?? [Configuration.Scopes.Aggregate];

    /// <summary>The study the user works for: the federated-learning privacy budget <c>epsilonPerStudy</c> is shared by
    /// all its users. Tokens without one share <see cref="SiteStudy"/>, so extra tokens cannot add budget.</summary>
    public string? Study { get; init; }

    /// <summary>The study of tokens that name none.</summary>
    public const string SiteStudy = "(site)";
}
