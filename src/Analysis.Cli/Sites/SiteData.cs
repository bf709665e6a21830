using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Analysis.Node.Configuration;
using Analysis.Synthetic;

namespace Analysis.Cli.Sites;

/// <summary>A site folder's synthetic data and <c>node.json</c>.</summary>
internal static class SiteData
{
    /// <summary>The node config file name (what <c>analysis node serve</c> looks for by default).</summary>
    public const string ConfigFile = "node.json";

    /// <summary>The options that generate <paramref name="site"/>'s cohort.</summary>
    public static GeneratorOptions Options(SiteDefinition site, int patients, ulong seed) =>
        new() { Site = site.Name, Patients = patients, Seed = seed, Profile = site.Profile };

    /// <summary>True when the folder already holds exactly what <paramref name="options"/> would generate (so it is not rewritten),
    /// its site key included: a folder from before synthetic keys were derived from the seed, or with a key of its own, is
    /// regenerated so its protected numbers are the reproducible ones.</summary>
    public static bool IsCurrent(string folder, GeneratorOptions options)
    {
        var metadata = Path.Combine(folder, SiteDataWriter.MetadataFile);
        if (!File.Exists(metadata) || !File.Exists(Path.Combine(folder, "Patient.ndjson"))) return false;
        var key = Path.Combine(folder, SiteDataWriter.SiteKeyFile);
        if (!File.Exists(key) || !File.ReadAllBytes(key).AsSpan().SequenceEqual(SiteDataWriter.SiteKey(options))) return false;
        try
        {
            var root = JsonDocument.Parse(File.ReadAllText(metadata)).RootElement;
            return root.GetProperty("formatVersion").GetInt32() == MetadataWriter.FormatVersion
                   && root.GetProperty("site").GetString() == options.Site
                   && root.GetProperty("seed").GetUInt64() == options.Seed
                   && root.GetProperty("patients").GetInt32() == options.Patients
                   && root.GetProperty("profile").GetProperty("name").GetString() == options.EffectiveProfile.Name;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>True when the folder's <c>node.json</c> marks the dataset open; false when it is closed, missing or unreadable.</summary>
    public static bool IsOpen(string folder)
    {
        try
        {
            return NodeConfig.Load(Path.Combine(folder, ConfigFile)).Open;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes a <c>node.json</c> with a fresh random token and returns the token. The token has the aggregate and
    /// beacon scopes; only an <paramref name="open"/> site also grants <c>records</c> (patient rows).</summary>
    public static string WriteConfig(string folder, SiteDefinition site, bool open)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        string[] scopes = open ? [Scopes.Aggregate, Scopes.Beacon, Scopes.Records] : [Scopes.Aggregate, Scopes.Beacon];
        var config = new NodeConfig
        {
            Name = site.Title,
            BeaconId = $"org.analysis.{site.Name}",
            Open = open,
            Tokens = [new TokenGrant(token, "federation", scopes)],
        };
        var path = Path.Combine(folder, ConfigFile);
        File.WriteAllText(path, JsonSerializer.Serialize(config, NodeConfig.JsonOptions));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return token;
    }
}
