using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Analysis.Contracts;

namespace Analysis.Node.Tests.Attacks;

/// <summary>The Beacon v2 informational routes answer without a token (as the specification expects) and are audited;
/// every query route still needs one; the site's policy is listed to aggregate tokens.</summary>
public sealed class OpenRouteAttacks(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private RunningNode Node => site.Node;

    private async Task<JsonElement> Anonymous(string path, string? host = null)
    {
        using var http = new HttpClient { BaseAddress = Node.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null) request.Headers.Host = host;
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("anonymous", SecurityApiTests.ReadAudit(Node.Directory).Last().GetProperty("user").GetString());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Beacon_informational_routes_answer_without_a_token()
    {
        var info = await Anonymous("api/info");
        Assert.Equal("org.analysis.node", info.GetProperty("response").GetProperty("id").GetString());

        var service = await Anonymous("api/service-info");
        Assert.Equal("org.ga4gh", service.GetProperty("type").GetProperty("group").GetString());
        Assert.Equal("beacon", service.GetProperty("type").GetProperty("artifact").GetString());
        Assert.Equal("org.analysis.node", service.GetProperty("id").GetString());

        var configuration = await Anonymous("api/configuration");
        var entryTypes = configuration.GetProperty("response").GetProperty("entryTypes");
        Assert.Equal(["individual", "genomicVariant"], entryTypes.EnumerateObject().Select(e => e.Name));
        Assert.EndsWith("beaconConfigurationSchema.json", configuration.GetProperty("response").GetProperty("$schema").GetString());
        Assert.Equal("count", configuration.GetProperty("response").GetProperty("securityAttributes").GetProperty("defaultGranularity").GetString());

        var map = await Anonymous("api/map", host: "evil.example");
        var sets = map.GetProperty("response").GetProperty("endpointSets");
        Assert.Equal(new Uri(Node.Server.Address, "api/individuals").ToString(), sets.GetProperty("individual").GetProperty("rootUrl").GetString());
        Assert.DoesNotContain("evil", map.GetRawText());
    }

    [Theory]
    [InlineData("GET", "api/individuals")]
    [InlineData("POST", "api/individuals")]
    [InlineData("GET", "api/g_variants?geneId=KRAS")]
    [InlineData("POST", "api/g_variants")]
    [InlineData("GET", "api/v1/info")]
    [InlineData("GET", "api/v1/policy")]
    public async Task Every_query_route_still_needs_a_token(string method, string path)
    {
        using var http = new HttpClient { BaseAddress = Node.Server.Address };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(new { });
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_policy_route_lists_the_disclosure_policy_and_the_limits()
    {
        using var response = await Node.Client.GetAsync("api/v1/policy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = (await response.Content.ReadFromJsonAsync<SitePolicy>(ContractJson.Strict))!;
        // The shared fixture runs the explicit exact mode (its other tests compare answers with the raw rows).
        var config = RunningNode.ExactConfig();
        Assert.Equal(config.Policy.MinCellCount, listed.Disclosure.MinCellCount);
        Assert.Equal(config.Policy.Mode, listed.Disclosure.Mode);
        Assert.Equal(config.Limits, listed.Limits);
        Assert.Equal(config.Policy.QueryTimeoutSeconds, listed.QueryTimeoutSeconds);
        using var beacon = Node.ClientFor(RunningNode.BeaconToken);
        using var forbidden = await beacon.GetAsync("api/v1/policy");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
