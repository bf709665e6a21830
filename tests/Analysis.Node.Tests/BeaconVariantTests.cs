using System.Net;
using System.Text;
using System.Text.Json;

namespace Analysis.Node.Tests;

/// <summary>Beacon v2 <c>g_variants</c> against the fixture's MAF (every fixture variant is chr12:25245350 C&gt;A, p.G12V, 1-based).</summary>
public sealed class BeaconVariantTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private RunningNode Node => site.Node;

    private HttpClient BeaconClient() => Node.ClientFor(RunningNode.BeaconToken);

    private async Task<JsonElement> Get(string query)
    {
        using var client = BeaconClient();
        var response = await client.GetAsync("api/g_variants?" + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private int Carriers(Func<FixturePatient, bool> carries) => Node.Patients.Count(carries);

    [Fact]
    public async Task A_gene_query_counts_carriers()
    {
        var json = await Get("geneId=KRAS&requestedGranularity=count");
        var expected = Carriers(p => p.MafGenes.Contains("KRAS"));
        Assert.True(expected >= 5);
        Assert.Equal(expected, json.GetProperty("responseSummary").GetProperty("numTotalResults").GetInt64());
        Assert.Equal("genomicVariant", json.GetProperty("meta").GetProperty("returnedSchemas")[0].GetProperty("entityType").GetString());
    }

    [Theory]
    [InlineData("referenceName=12&start=25245349&referenceBases=C&alternateBases=A")]
    [InlineData("referenceName=chr12&start=25245349")]
    [InlineData("referenceName=12&start=25245300&end=25245400")]
    public async Task A_position_query_uses_beacon_0_based_coordinates(string query)
    {
        var json = await Get(query + "&requestedGranularity=count");
        Assert.Equal(Carriers(p => p.MafGenes.Count > 0), json.GetProperty("responseSummary").GetProperty("numTotalResults").GetInt64());
    }

    [Fact]
    public async Task A_position_off_by_one_or_another_allele_matches_nothing_and_says_so_imprecisely()
    {
        foreach (var query in new[] { "referenceName=12&start=25245350", "referenceName=12&start=25245349&alternateBases=T" })
        {
            var summary = (await Get(query)).GetProperty("responseSummary");
            Assert.False(summary.GetProperty("exists").GetBoolean());
            Assert.Equal("imprecise", summary.GetProperty("countPrecision").GetString());
            Assert.Equal(0, summary.GetProperty("numTotalResults").GetInt64());
        }
    }

    [Fact]
    public async Task Post_with_request_parameters_and_boolean_granularity()
    {
        using var client = BeaconClient();
        var body = """{"meta":{"apiVersion":"v2.0"},"query":{"requestParameters":{"geneId":"TP53","aminoacidChange":"G12V"},"requestedGranularity":"boolean"}}""";
        var response = await client.PostAsync("api/g_variants", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Carriers(p => p.MafGenes.Contains("TP53")) >= 5, json.GetProperty("responseSummary").GetProperty("exists").GetBoolean());
        Assert.False(json.GetProperty("responseSummary").TryGetProperty("numTotalResults", out _));
    }

    [Theory]
    [InlineData("referenceName=99&start=1", "query.requestParameters.referenceName")]
    [InlineData("start=100", "query.requestParameters.referenceName")]
    [InlineData("referenceName=12", "query.requestParameters.start")]
    [InlineData("referenceName=12&start=10&end=5", "query.requestParameters.end")]
    [InlineData("referenceName=12&start=10&alternateBases=XYZ", "query.requestParameters.alternateBases")]
    [InlineData("geneId=KR%27AS", "query.requestParameters.geneId")]
    [InlineData("", "query.requestParameters.referenceName")]
    [InlineData("referenceName=12&start=ten", "start")]
    public async Task Bad_variant_queries_are_400_naming_the_parameter(string query, string field)
    {
        using var client = BeaconClient();
        var response = await client.GetAsync("api/g_variants?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        Assert.Equal(Carriers(p => p.MafGenes.Contains("KRAS")) >= 5, (await Get("geneId=KRAS&requestedGranularity=boolean")).GetProperty("responseSummary").GetProperty("exists").GetBoolean());
    }
}
