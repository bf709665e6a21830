using System.Text.Json;

namespace Analysis.Federation;

/// <summary>One site of a federation: where its node answers and the token it accepts.</summary>
/// <param name="Name">Site name, unique in the catalog.</param>
/// <param name="Country">ISO country code (may be empty).</param>
/// <param name="Url">Base URL of the node API (<c>api/v1/count</c> is relative to it).</param>
/// <param name="Token">Bearer token, already resolved from <c>tokenEnv</c> when the catalog named a variable.</param>
/// <param name="BeaconUrl">Base URL of the Beacon v2 API, if known.</param>
/// <param name="FhirUrl">FHIR R4 base URL of an open site, if any.</param>
public sealed record Site(string Name, string Country, Uri Url, [property: System.ComponentModel.Browsable(false)] string Token, Uri? BeaconUrl, Uri? FhirUrl)
{
    /// <summary>The token is a secret, so it never appears in notebook output.</summary>
    public override string ToString() => $"{Name} ({Country}) {Url}";
}

/// <summary>A catalog file is malformed; the message names the file and the member.</summary>
public sealed class FederationCatalogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FederationCatalogException(string path, string field, string message, Exception? inner = null)
        : base($"{path}: {field}: {message}", inner)
    {
        Path = path;
        Field = field;
    }

    /// <summary>The catalog file.</summary>
    public string Path { get; }

    /// <summary>The JSON path of the bad member, e.g. <c>sites[1].url</c>.</summary>
    public string Field { get; }
}

/// <summary>
/// A federation catalog, <c>{"sites": [{name, country, url, token | tokenEnv, beaconUrl?, fhirUrl?}]}</c>: read from JSON
/// (<c>federation.json</c>, as <c>analysis sites up</c> writes it with <see cref="Write"/>) or the same members as YAML
/// (<c>.yaml</c>/<c>.yml</c>), with every member checked.
/// </summary>
/// <param name="Sites">The sites, in order.</param>
public sealed record FederationCatalog(IReadOnlyList<Site> Sites)
{
    /// <summary>The catalog's file name in a sites folder.</summary>
    public const string FileName = "federation.json";

    /// <summary>A catalog with no sites (one that lists none cannot be loaded, but <c>sites up</c> starts from it).</summary>
    public static FederationCatalog Empty { get; } = new([]);

    /// <summary>The site called <paramref name="name"/>, if any.</summary>
    public Site? Find(string name) => Sites.FirstOrDefault(s => s.Name == name);

    /// <summary>Loads and validates the catalog at <paramref name="path"/>.</summary>
    /// <exception cref="FederationCatalogException">The file is missing, not JSON/YAML, or a member is missing or invalid.</exception>
    public static FederationCatalog Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FederationCatalogException(path, "(file)", $"cannot read the catalog: {e.Message}", e);
        }
        var yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        using var document = yaml ? YamlCatalog.ToJson(path, text) : ParseJson(path, text);
        return new FederationCatalog(Parse(path, document.RootElement));
    }

    /// <summary>
    /// The catalog at <paramref name="path"/>, or <see cref="Empty"/> when there is none or it cannot be read: for tools
    /// that keep it only as a record of what runs, such as <c>analysis sites up</c>.
    /// </summary>
    public static FederationCatalog LoadOrEmpty(string path)
    {
        try
        {
            return File.Exists(path) ? Load(path) : Empty;
        }
        catch (FederationCatalogException)
        {
            return Empty;
        }
    }

    /// <summary>Writes the catalog to <paramref name="path"/> as JSON, atomically (readers never see half a file) and readable by the owner only, since it holds tokens.</summary>
    /// <returns>The path written.</returns>
    public string Write(string path)
    {
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("sites");
            foreach (var site in Sites)
            {
                json.WriteStartObject();
                json.WriteString("name", site.Name);
                json.WriteString("country", site.Country);
                json.WriteString("url", site.Url.AbsoluteUri);
                json.WriteString("token", site.Token);
                json.WriteString("beaconUrl", site.BeaconUrl?.AbsoluteUri);
                json.WriteString("fhirUrl", site.FhirUrl?.AbsoluteUri);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        File.AppendAllText(temp, "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Without the tokens, which are secrets.</summary>
    public override string ToString() => string.Join('\n', Sites);

    private static JsonDocument ParseJson(string path, string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FederationCatalogException(path, $"(line {e.LineNumber + 1})", $"not valid JSON: {e.Message}", e);
        }
    }

    private static List<Site> Parse(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sites", out var sites) || sites.ValueKind != JsonValueKind.Array)
            throw new FederationCatalogException(path, "sites", "expected an object with a \"sites\" array");
        var result = new List<Site>();
        var index = 0;
        foreach (var entry in sites.EnumerateArray())
        {
            var field = $"sites[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object) throw new FederationCatalogException(path, field, "expected an object");
            var reader = new EntryReader(path, field, entry);
            var site = new Site(
                reader.Required("name"),
                reader.Optional("country") ?? "",
                reader.RequiredUrl("url"),
                reader.Token(),
                reader.OptionalUrl("beaconUrl"),
                reader.OptionalUrl("fhirUrl"));
            if (result.Any(s => string.Equals(s.Name, site.Name, StringComparison.OrdinalIgnoreCase)))
                throw new FederationCatalogException(path, $"{field}.name", $"duplicate site name '{site.Name}'");
            result.Add(site);
        }
        if (result.Count == 0) throw new FederationCatalogException(path, "sites", "the catalog lists no sites");
        return result;
    }

    private readonly record struct EntryReader(string Path, string Field, JsonElement Entry)
    {
        public string? Optional(string name)
        {
            if (!Entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind != JsonValueKind.String) throw Error(name, "expected a string");
            var text = value.GetString()!.Trim();
            return text.Length == 0 ? null : text;
        }

        public string Required(string name) => Optional(name) ?? throw Error(name, "is required");

        public Uri RequiredUrl(string name) => OptionalUrl(name) ?? throw Error(name, "is required");

        public Uri? OptionalUrl(string name)
        {
            if (Optional(name) is not { } text) return null;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw Error(name, $"'{text}' is not an absolute http(s) URL");
            // A base without a trailing slash would drop its last segment when relative paths are resolved against it.
            return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        }

        public string Token()
        {
            var token = Optional("token");
            var variable = Optional("tokenEnv");
            if (token is not null && variable is not null) throw Error("tokenEnv", "give either token or tokenEnv, not both");
            if (token is not null) return token;
            if (variable is null) throw Error("token", "is required (or tokenEnv naming an environment variable)");
            var value = Environment.GetEnvironmentVariable(variable);
            return string.IsNullOrWhiteSpace(value) ? throw Error("tokenEnv", $"environment variable '{variable}' is not set") : value.Trim();
        }

        private FederationCatalogException Error(string name, string message) => new(Path, $"{Field}.{name}", message);
    }
}
