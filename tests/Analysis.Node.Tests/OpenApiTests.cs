using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests;

public sealed class OpenApiTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_with_schemas()
    {
        using var client = new HttpClient { BaseAddress = site.Node.Server.Address };
        var response = await client.GetAsync("openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("3.1.0", doc.GetProperty("openapi").GetString());
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/info", "/api/v1/count", "/api/v1/crosstab", "/api/v1/summary", "/api/v1/histogram", "/api/v1/survival/risktable", "/api/v1/glm/logistic", "/api/v1/cox/score", "/api/v1/mutations/frequency", "/api/v1/ml/fedavg", "/api/individuals", "/api/info" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        var filter = paths.GetProperty("/api/v1/count").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("properties").GetProperty("filter");
        Assert.Contains("ageMin", filter.ToString());
        var count = paths.GetProperty("/api/v1/count").GetProperty("post").GetProperty("responses").GetProperty("200").ToString();
        Assert.Contains("suppressed", count);
    }
}
