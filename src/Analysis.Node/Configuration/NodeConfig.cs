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
        foreach (var t in Tokens)
        {
            if (string.IsNullOrEmpty(t.Token) || string.IsNullOrEmpty(t.User)) throw new ArgumentException("every token needs 'token' and 'user'");
            foreach (var s in t.Scopes)
                if (!Scopes.All.Contains(s)) throw new ArgumentException($"unknown scope '{s}' for user '{t.User}'");
        }
    }
}
