using System.Text;
using System.Text.Json;

namespace Analysis.Node.Tests;

/// <summary>
/// src/Analysis.Node/API.md documents the HTTP API from the node's own <c>/openapi.json</c>: these tests regenerate
/// its generated part from a running node and fail when the file, the OpenAPI document or the routes disagree.
/// </summary>
public sealed class ApiDocumentTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private const string Marker = "<!-- Generated from /openapi.json by ApiDocumentTests: edit the node, not below this line. -->";

    [Fact]
    public async Task Api_md_is_what_the_openapi_document_says()
    {
        var expected = Render(await OpenApi());
        var path = Path.Combine(RepositoryRoot(), "src", "Analysis.Node", "API.md");
        var text = File.ReadAllText(path);
        var at = text.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{path} has no generated part (the marker line)");
        var actual = text[(at + Marker.Length)..].Trim();
        if (actual != expected.Trim() && Environment.GetEnvironmentVariable("ANALYSIS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(at + Marker.Length)] + "\n\n" + expected.Trim() + "\n");
            return;
        }
        Assert.True(actual == expected.Trim(),
            $"{path} differs from the node's /openapi.json; run the Node tests with ANALYSIS_UPDATE_DOCS=1 to regenerate it. Expected:\n{expected}");
    }

    [Fact]
    public async Task Every_route_but_fhir_is_in_the_openapi_document()
    {
        var paths = (await OpenApi()).GetProperty("paths");
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (m.Name.ToUpperInvariant(), p.Name))).ToHashSet();
        var routes = site.Node.Server.Routes.Where(r => !r.Pattern.StartsWith("/fhir/", StringComparison.Ordinal) && r.Pattern != "/openapi.json").ToList();
        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.True(documented.Contains(r), $"{r.Method} {r.Pattern} is served but not in /openapi.json"));
        Assert.All(documented, d => Assert.True(routes.Contains(d), $"{d.Item1} {d.Item2} is in /openapi.json but not served"));
    }

    private async Task<JsonElement> OpenApi()
    {
        using var client = new HttpClient { BaseAddress = site.Node.Server.Address };
        return JsonDocument.Parse(await client.GetStringAsync("openapi.json")).RootElement.Clone();
    }

    /// <summary>One section per operation: method and path, scope, summary, request members or query parameters, answer members.</summary>
    internal static string Render(JsonElement document)
    {
        var text = new StringBuilder();
        foreach (var path in document.GetProperty("paths").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            foreach (var operation in path.Value.EnumerateObject().OrderBy(o => o.Name, StringComparer.Ordinal))
            {
                var op = operation.Value;
                text.Append($"### `{operation.Name.ToUpperInvariant()} {path.Name}`\n\n");
                text.Append($"Scope `{op.GetProperty("x-scope").GetString()}`. {op.GetProperty("summary").GetString()}\n\n");
                if (op.TryGetProperty("requestBody", out var body))
                    text.Append($"- Request (JSON): {Members(Schema(body))}\n");
                if (op.TryGetProperty("parameters", out var parameters))
                    text.Append($"- Query parameters: {string.Join(", ", parameters.EnumerateArray().Select(p => $"`{p.GetProperty("name").GetString()}`"))}\n");
                var responses = op.GetProperty("responses");
                text.Append($"- Answer (200, JSON): {Members(Schema(responses.GetProperty("200")))}\n");
                text.Append($"- Errors (problem+json): {string.Join(", ", responses.EnumerateObject().Where(r => r.Name != "200").Select(r => r.Name))}\n\n");
            }
        }
        return text.ToString();
    }

    private static JsonElement Schema(JsonElement withContent) =>
        withContent.GetProperty("content").EnumerateObject().First().Value.GetProperty("schema");

    private static string Members(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties)
            ? string.Join(", ", properties.EnumerateObject().Select(p => $"`{p.Name}` ({TypeOf(p.Value)})"))
            : TypeOf(schema);

    private static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out _)) return "count cell";
        if (!schema.TryGetProperty("type", out var type)) return "any";
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList() : [type.GetString()!];
        var name = string.Join(" or ", names);
        return name == "array" && schema.TryGetProperty("items", out var items) ? $"array of {TypeOf(items)}" : name;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Analysis.sln"))) return dir.FullName;
        throw new InvalidOperationException("the tests run outside the repository");
    }
}
