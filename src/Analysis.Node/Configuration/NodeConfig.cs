using System.Text.Json;
using System.Text.Json.Serialization;
using Analysis.Contracts;

namespace Analysis.Node.Configuration;

/// <summary>The node's settings, read from <c>node.json</c>.</summary>
public sealed record NodeConfig
{
    /// <summary>The disclosure rules.</summary>
    public DisclosurePolicy Policy { get; init; } = new();

    /// <summary>True when the dataset is open: tokens with the <c>records</c> scope may then read patient rows.</summary>
    public bool Open { get; init; }

    /// <summary>The site's human-readable name (Beacon info).</summary>
    public string Name { get; init; } = "Analysis site node";

    /// <summary>The Beacon id, a reverse domain name.</summary>
    public string BeaconId { get; init; } = "org.analysis.node";

    /// <summary>Limits on requests: list lengths, concurrency, the per-token rate, bulk export quota and expiry.</summary>
    public RequestLimits Limits { get; init; } = new();

    /// <summary>
    /// The address clients reach the node at through its reverse proxy, e.g. <c>https://node.example.org/</c>; links the
    /// node writes (export manifests, FHIR bundles, the Beacon map) start with it. Without it they start with the address
    /// the node listens on. Never taken from the request's Host header, which any client can set.
    /// </summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>
    /// The processing operations the site runs on its images (<see cref="ImagingOperations"/>): its allowlist, as
    /// vantage6's node policies list the algorithms a node may run. Default: search and features, not training or evaluation.
    /// </summary>
    public IReadOnlyList<string> Processing { get; init; } = ImagingOperations.Default;

    /// <summary>The bearer tokens the node accepts.</summary>
    public IReadOnlyList<TokenGrant> Tokens { get; init; } = [];

    /// <summary>Options for reading <c>node.json</c>: camelCase, unknown members are errors so a typo is not silently ignored.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and validates a config file.</summary>
    /// <param name="path">The path of <c>node.json</c>.</param>
    /// <returns>The config.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid config.</exception>
    public static NodeConfig Load(string path)
    {
        try
        {
            var config = JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(path), JsonOptions)
                         ?? throw new InvalidDataException($"{path}: empty config");
            config.Validate();
            return config;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Checks the policy and the tokens.</summary>
    /// <exception cref="ArgumentException">Something is out of range or missing.</exception>
    public void Validate()
    {
        Policy.Validate();
        ArgumentNullException.ThrowIfNull(Limits);
        Limits.Validate();
        if (PublicBaseUrl is not null && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
                                          || url.Query.Length > 0 || url.Fragment.Length > 0))
            throw new ArgumentException($"publicBaseUrl must be an absolute http or https URL without query or fragment, not '{PublicBaseUrl}'");
        ArgumentNullException.ThrowIfNull(Processing);
        foreach (var operation in Processing)
            if (!ImagingOperations.All.Contains(operation))
                throw new ArgumentException($"unknown processing operation '{operation}'; the operations are {string.Join(", ", ImagingOperations.All)}");
        foreach (var t in Tokens)
        {
            if (string.IsNullOrEmpty(t.Token) || string.IsNullOrEmpty(t.User)) throw new ArgumentException("every token needs 'token' and 'user'");
            foreach (var s in t.Scopes)
                if (!Scopes.All.Contains(s)) throw new ArgumentException($"unknown scope '{s}' for user '{t.User}'");
        }
    }
}
