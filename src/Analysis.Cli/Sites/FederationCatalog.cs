using System.Text.Json;

namespace Analysis.Cli.Sites;

/// <summary>One site in <c>federation.json</c>: where it answers and the token it accepts.</summary>
/// <param name="Name">Site name.</param>
/// <param name="Country">ISO country code.</param>
/// <param name="Url">Base URL of the node's API (the aggregate endpoints are under <c>api/v1/</c>).</param>
/// <param name="Token">Bearer token with the aggregate and beacon scopes.</param>
/// <param name="BeaconUrl">Base URL of the GA4GH Beacon v2 API.</param>
/// <param name="FhirUrl">FHIR R4 base URL for open sites; null for closed ones, whose FHIR API refuses every token.</param>
internal sealed record CatalogSite(string Name, string Country, string Url, string Token, string BeaconUrl, string? FhirUrl);

/// <summary>The federation catalog the client library reads (<c>Federation.Local()</c>): <c>{"sites": [...]}</c>.</summary>
/// <param name="Sites">The running sites.</param>
internal sealed record FederationCatalog(IReadOnlyList<CatalogSite> Sites)
{
    /// <summary>The catalog's file name inside the sites folder.</summary>
    public const string FileName = "federation.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads the catalog in <paramref name="directory"/>; empty when there is none or it is unreadable (it is only a cache of what runs).</summary>
    public static FederationCatalog Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<FederationCatalog>(File.ReadAllText(path), Json) ?? Empty : Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>A catalog with no sites.</summary>
    public static FederationCatalog Empty { get; } = new([]);

    /// <summary>The entry for <paramref name="name"/>, if any.</summary>
    public CatalogSite? Find(string name) => Sites.FirstOrDefault(s => s.Name == name);

    /// <summary>Writes the catalog atomically (readers never see half a file) and owner-only, since it holds tokens.</summary>
    public string Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
