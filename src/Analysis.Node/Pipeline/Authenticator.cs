using System.Security.Cryptography;
using System.Text;
using Analysis.Node.Configuration;

namespace Analysis.Node.Pipeline;

/// <summary>Maps a bearer token to its grant.</summary>
/// <remarks>Tokens are looked up by their SHA-256 so the comparison time does not depend on how much of a guess matches.</remarks>
internal sealed class Authenticator
{
    private readonly Dictionary<string, TokenGrant> _byHash;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="tokens">The accepted tokens.</param>
    public Authenticator(IEnumerable<TokenGrant> tokens) => _byHash = tokens.ToDictionary(t => Hash(t.Token));

    /// <summary>Checks the <c>Authorization</c> header and the scope.</summary>
    /// <param name="authorization">The header value, if any.</param>
    /// <param name="scope">The scope the endpoint needs.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="RequestException">401 without a known token, 403 without the scope.</exception>
    public TokenGrant Authorize(string? authorization, string scope)
    {
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            throw new RequestException(401, "unauthorized", "Unauthorized", "an 'Authorization: Bearer <token>' header is required");
        if (!_byHash.TryGetValue(Hash(authorization[bearer.Length..].Trim()), out var grant))
            throw new RequestException(401, "unauthorized", "Unauthorized", "the bearer token is not known to this node");
        if (!grant.Scopes.Contains(scope))
            throw new RequestException(403, "forbidden", "Forbidden", $"the token lacks the '{scope}' scope");
        return grant;
    }

    /// <summary>The grant of a known bearer token, whatever the scope; null without one.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value, if any.</param>
    /// <returns>The grant, or null.</returns>
    /// <remarks>For the per-token rate limit and for audit lines of requests refused before a route checked the scope;
    /// an unknown token is null, so guessing tokens does not buy fresh rate-limit buckets.</remarks>
    public TokenGrant? Identify(string? authorization)
    {
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        return _byHash.GetValueOrDefault(Hash(authorization[bearer.Length..].Trim()));
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
