using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Analysis.Cli.Run;

/// <summary>A claims file cannot be used; the message names the file and the member.</summary>
public sealed class ClaimsException(string message) : Exception(message);

/// <summary>One published value.</summary>
/// <param name="Name">The result name the notebook records it under (<c>Results.Record</c>).</param>
/// <param name="Published">The published value (a number, text, or any JSON).</param>
/// <param name="Absolute">The largest absolute difference that still counts as the same (numbers only).</param>
/// <param name="Relative">The largest difference relative to the published value that still counts (numbers only).</param>
/// <param name="Description">What the number is, in words.</param>
public sealed record Claim(string Name, JsonNode? Published, double Absolute, double Relative, string? Description);

/// <summary>How one claim came out.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Observed">What the run recorded under its name; null when it recorded nothing.</param>
/// <param name="Recorded">Whether the run recorded the name at all.</param>
/// <param name="Difference">Observed minus published, for numbers.</param>
/// <param name="Pass">Within tolerance (or equal, for other values).</param>
/// <param name="Reason">Why it failed, when it did.</param>
public sealed record ClaimCheck(Claim Claim, JsonNode? Observed, bool Recorded, double? Difference, bool Pass, string? Reason);

/// <summary>
/// A claims file: the values a notebook published, with tolerances, and the dataset fingerprints of the sites they came
/// from, in YAML next to the notebook:
/// <code>
/// notebook: colorectal-survival.ipynb
/// data:                      # site name: dataset fingerprint (GET /api/v1/info, "dataset")
///   oslo: sha256:...
/// claims:
///   - name: colon_cancer_patients
///     published: 1010
///     tolerance: 0           # absolute; or  relative: 0.001
/// </code>
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Notebook">The notebook it belongs to, if it says.</param>
/// <param name="Data">The sites' dataset fingerprints, by site name (empty: no data check).</param>
/// <param name="Items">The claims, in file order.</param>
public sealed record ClaimsFile(string Path, string? Notebook, IReadOnlyDictionary<string, string> Data, IReadOnlyList<Claim> Items)
{
    /// <summary>Reads and checks a claims file.</summary>
    /// <exception cref="ClaimsException">Not YAML, or a member is missing or has the wrong kind of value; the message names it.</exception>
    public static ClaimsFile Load(string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClaimsException($"{path}: cannot read the claims file: {e.Message}");
        }
        catch (YamlException e)
        {
            throw new ClaimsException($"{path}: not valid YAML: line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ClaimsException($"{path}: a claims file is a mapping with a 'claims' list");
        string? Text(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var n) ? (n as YamlScalarNode)?.Value : null;

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode("data"), out var dataNode))
        {
            if (dataNode is not YamlMappingNode sites) throw new ClaimsException($"{path}: data: must map site names to dataset fingerprints");
            foreach (var (k, v) in sites.Children)
                data[((YamlScalarNode)k).Value ?? ""] = (v as YamlScalarNode)?.Value ?? throw new ClaimsException($"{path}: data.{k}: must be a fingerprint (sha256:...)");
        }
        if (!root.Children.TryGetValue(new YamlScalarNode("claims"), out var list) || list is not YamlSequenceNode items || items.Children.Count == 0)
            throw new ClaimsException($"{path}: claims: a non-empty list of claims is required");
        var claims = new List<Claim>();
        for (var i = 0; i < items.Children.Count; i++)
        {
            var where = $"{path}: claims[{i}]";
            if (items.Children[i] is not YamlMappingNode claim) throw new ClaimsException($"{where}: a claim is a mapping with name and published");
            var name = Text(claim, "name") ?? throw new ClaimsException($"{where}.name: required");
            if (claims.Any(c => c.Name == name)) throw new ClaimsException($"{where}.name: '{name}' is claimed twice");
            if (!claim.Children.TryGetValue(new YamlScalarNode("published"), out var published)) throw new ClaimsException($"{where}.published: required");
            claims.Add(new Claim(name, ToJson(published), Number(claim, "tolerance", where), Number(claim, "relative", where), Text(claim, "description")));
        }
        return new ClaimsFile(System.IO.Path.GetFullPath(path), Text(root, "notebook"), data, claims);
    }

    private static double Number(YamlMappingNode map, string key, string where)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return 0;
        return node is YamlScalarNode { Value: { } v } && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0
            ? d : throw new ClaimsException($"{where}.{key}: must be a number at least 0");
    }

    /// <summary>A YAML value as JSON: plain numbers and booleans as such, everything else as text, lists and maps as they are.</summary>
    internal static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" or "" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        _ => null,
    };

    /// <summary>Compares every claim with what a run recorded; <paramref name="downSites"/> (site: reason) explains failures.</summary>
    public IReadOnlyList<ClaimCheck> Check(IReadOnlyDictionary<string, JsonNode?> recorded, IReadOnlyDictionary<string, string> downSites)
    {
        var down = downSites.Count == 0 ? null : string.Join("; ", downSites.Select(s => $"site '{s.Key}' did not answer ({s.Value})"));
        var checks = new List<ClaimCheck>();
        foreach (var claim in Items)
        {
            if (!recorded.TryGetValue(claim.Name, out var observed))
            {
                var known = recorded.Count == 0 ? "it recorded nothing" : $"it recorded: {string.Join(", ", recorded.Keys)}";
                checks.Add(new ClaimCheck(claim, null, false, null, false, down ?? $"the notebook never recorded '{claim.Name}' ({known})"));
                continue;
            }
            if (Numeric(claim.Published) is { } p && Numeric(observed) is { } o)
            {
                var difference = o - p;
                var limit = Math.Max(claim.Absolute, claim.Relative * Math.Abs(p));
                var pass = Math.Abs(difference) <= limit + 1e-12 * Math.Max(1, Math.Abs(p));
                checks.Add(new ClaimCheck(claim, observed, true, difference, pass, pass ? null :
                    down ?? $"differs by {Plain(difference)}, more than the tolerance {Plain(limit)}"));
                continue;
            }
            var same = JsonNode.DeepEquals(claim.Published, observed);
            checks.Add(new ClaimCheck(claim, observed, true, null, same, same ? null : down ?? "the recorded value is not the published one"));
        }
        return checks;
    }

    /// <summary>A number as people write it (no exponent), to six significant digits.</summary>
    private static string Plain(double value) =>
        decimal.TryParse(value.ToString("G6", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d.ToString(CultureInfo.InvariantCulture) : value.ToString("G6", CultureInfo.InvariantCulture);

    private static double? Numeric(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    /// <summary>The results recorded in an executed notebook's outputs (the last record of a name wins).</summary>
    public static Dictionary<string, JsonNode?> Recorded(Notebook notebook)
    {
        var found = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var cell in notebook.Cells.Select(c => c!.AsObject()))
            foreach (var output in (cell["outputs"] as JsonArray ?? []).OfType<JsonObject>())
                if ((output["data"] as JsonObject)?[Analysis.Kernel.ResultRecorder.MimeType] is JsonObject r && r["name"]?.GetValue<string>() is { } name)
                    found[name] = r["value"]?.DeepClone();
        return found;
    }

    /// <summary>The table <c>analysis verify</c> prints.</summary>
    public static string Table(IReadOnlyList<ClaimCheck> checks)
    {
        static string Show(JsonNode? n, bool recorded) => !recorded ? "(not recorded)" : n switch
        {
            null => "null",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString("0.######", CultureInfo.InvariantCulture),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => Clip(n.ToJsonString()),
        };
        static string Clip(string s) => s.Length > 24 ? s[..21] + "..." : s;
        var rows = checks.Select(c => new[]
        {
            c.Claim.Name, Show(c.Claim.Published, true), Show(c.Observed, c.Recorded),
            c.Difference is { } d ? d.ToString("+0.######;-0.######;0", CultureInfo.InvariantCulture) : "", c.Pass ? "pass" : c.Recorded ? "FAIL" : "MISSING",
        }).ToList();
        var header = new[] { "claim", "published", "observed", "difference", "result" };
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i is 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        var lines = new List<string> { Line(header) };
        lines.AddRange(rows.Select(Line));
        foreach (var c in checks.Where(c => !c.Pass)) lines.Add($"{c.Claim.Name}: {c.Reason}");
        var failed = checks.Count(c => !c.Pass);
        lines.Add(failed == 0 ? $"All {checks.Count} claims reproduce." : $"{failed} of {checks.Count} claims do not reproduce.");
        return string.Join('\n', lines);
    }
}
