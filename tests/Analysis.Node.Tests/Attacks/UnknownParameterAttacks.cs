using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Analysis.Node.Tests.Attacks;

/// <summary>
/// A GET that silently ignored a query parameter answered another question than the one asked (a Beacon filter the
/// node does not know counted everyone) and audited a request the client did not mean. Every GET route now refuses a
/// parameter it does not read, with 400 naming it.
/// </summary>
public sealed class UnknownParameterAttacks(AttackSite site) : IClassFixture<AttackSite>
{
    public static TheoryData<string, string?> Routes => new()
    {
        // Parameterless routes (the token each needs; null: open).
        { "api/v1/info?verbose=1", RunningNode.AggregateToken },
        { "api/v1/policy?verbose=1", RunningNode.AggregateToken },
        { "api/info?verbose=1", null },
        { "api/service-info?verbose=1", null },
        { "api/configuration?verbose=1", null },
        { "api/map?verbose=1", null },
        { "openapi.json?verbose=1", null },
        // Routes with parameters: one they do not read.
        { "api/individuals?filters=NCIT:C16576&verbose=1", RunningNode.BeaconToken },
        { "api/g_variants?referenceName=12&start=25245350&referenceBases=C&alternateBases=A&verbose=1", RunningNode.BeaconToken },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_query_parameter_a_get_route_does_not_read_is_refused_with_its_name(string route, string? token)
    {
        using var http = new HttpClient { BaseAddress = site.Protected.Server.Address };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync(route);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("verbose", problem.GetProperty("field").GetString());
        Assert.Contains("unknown query parameter 'verbose'", problem.GetProperty("detail").GetString());
        // Without it the same route answers.
        using var plain = await http.GetAsync(route.Replace("?verbose=1", "").Replace("&verbose=1", ""));
        Assert.True(plain.StatusCode == HttpStatusCode.OK, $"{route} without the parameter: {(int)plain.StatusCode} {await plain.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_beacon_filter_the_node_does_not_read_is_not_silently_dropped()
    {
        // Beacon v2 names more g_variants parameters than this node reads (variantType, assemblyId, ...): dropping one
        // would count every carrier of the position instead of the variants asked for.
        using var http = new HttpClient { BaseAddress = site.Protected.Server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningNode.BeaconToken);
        foreach (var parameter in new[] { "variantType=DEL", "assemblyId=GRCh38", "skip=0", "limit=10" })
        {
            using var response = await http.GetAsync($"api/g_variants?referenceName=12&start=25245350&referenceBases=C&alternateBases=A&{parameter}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(parameter.Split('=')[0], problem.GetProperty("field").GetString());
            Assert.Contains("this route takes requestedGranularity, referenceName, start, end", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Fhir_routes_without_parameters_refuse_them_too()
    {
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(20, seed: 5), RunningNode.DefaultConfig(open: true));
        using var http = Fhir.Http(node);
        using (var metadata = await http.GetAsync("metadata?verbose=1"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, metadata.StatusCode);
            Assert.Contains("\"expression\":[\"verbose\"]", await metadata.Content.ReadAsStringAsync());
        }
        using var kickOff = new HttpRequestMessage(HttpMethod.Get, "$export?_type=Patient");
        kickOff.Headers.Add("Accept", "application/fhir+json");
        kickOff.Headers.Add("Prefer", "respond-async");
        using var started = await http.SendAsync(kickOff);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var status = started.Content.Headers.ContentLocation!;
        using var withParameter = await http.GetAsync($"{status}?verbose=1");
        Assert.Equal(HttpStatusCode.BadRequest, withParameter.StatusCode);
        Assert.Contains("\"expression\":[\"verbose\"]", await withParameter.Content.ReadAsStringAsync());
    }
}
