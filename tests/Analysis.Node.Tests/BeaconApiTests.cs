using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests;

public sealed class BeaconApiTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private RunningNode Node => site.Node;

    private HttpClient BeaconClient() => Node.ClientFor(RunningNode.BeaconToken);

    private async Task<JsonElement> Individuals(object query)
    {
        using var client = BeaconClient();
        var (response, json) = await Node.PostAsync("api/individuals", new { meta = new { apiVersion = "v2.0" }, query }, client);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    [Fact]
    public async Task Info_describes_the_beacon()
    {
        using var client = BeaconClient();
        var json = JsonDocument.Parse(await client.GetStringAsync("api/info")).RootElement;
        Assert.Equal("v2.0.0", json.GetProperty("meta").GetProperty("apiVersion").GetString());
        Assert.Equal("org.analysis.node", json.GetProperty("response").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Beacon_needs_the_beacon_scope()
    {
        var (response, _) = await Node.PostAsync("api/individuals", new { query = new { } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Count_with_ontology_and_alphanumeric_filters_matches_linq()
    {
        var json = await Individuals(new
        {
            requestedGranularity = "count",
            filters = new object[] { new { id = "SNOMED:254837009" }, new { id = "NCIT:C16576" }, new { id = "age_at_diagnosis", @operator = ">=", value = "50" }, new { id = "ER", @operator = "=", value = "positive" } },
            pagination = new { skip = 0, limit = 10 },
        });
        var expected = Node.Patients.Count(p => p.Snomed == "254837009" && p.Sex == "female" && p.Age >= 50 && p.Er == "positive");
        Assert.True(expected >= 5);
        var summary = json.GetProperty("responseSummary");
        Assert.Equal(expected, summary.GetProperty("numTotalResults").GetInt64());
        Assert.Equal("exact", summary.GetProperty("countPrecision").GetString());
        Assert.True(summary.GetProperty("exists").GetBoolean());
        Assert.Equal("count", json.GetProperty("meta").GetProperty("returnedGranularity").GetString());
    }

    [Fact]
    public async Task Counts_under_the_threshold_are_imprecise_and_boolean_says_no()
    {
        var rare = Node.Patients.First(p => p.Sex == "male" && p.Snomed == "254837009");
        var filters = new object[] { new { id = "ICD10:C50.9" }, new { id = "NCIT:C20197" } };
        Assert.InRange(Node.Patients.Count(p => p.Sex == rare.Sex && p.Snomed == rare.Snomed), 1, 4);

        var count = (await Individuals(new { requestedGranularity = "count", filters })).GetProperty("responseSummary");
        Assert.Equal("imprecise", count.GetProperty("countPrecision").GetString());
        Assert.Equal(0, count.GetProperty("numTotalResults").GetInt64());
        Assert.Equal(["<5"], count.GetProperty("countAdjustedTo").EnumerateArray().Select(e => e.GetString()));

        var boolean = (await Individuals(new { requestedGranularity = "boolean", filters })).GetProperty("responseSummary");
        Assert.False(boolean.GetProperty("exists").GetBoolean());
        Assert.False(boolean.TryGetProperty("numTotalResults", out _));
    }

    [Fact]
    public async Task Get_with_gene_filter_matches_linq()
    {
        using var client = BeaconClient();
        var json = JsonDocument.Parse(await client.GetStringAsync("api/individuals?filters=HGNC:6407&requestedGranularity=count")).RootElement;
        Assert.Equal(Node.Patients.Count(p => p.MafGenes.Contains("KRAS")), json.GetProperty("responseSummary").GetProperty("numTotalResults").GetInt64());
    }

    [Theory]
    [InlineData("""{"query":{"filters":[{"id":"MONDO:0007254"}]}}""", "query.filters[0].id")]
    [InlineData("""{"query":{"requestedGranularity":"record"}}""", "query.requestedGranularity")]
    [InlineData("""{"query":{"filters":[{"id":"age","operator":"~","value":"5"}]}}""", "query.filters[0].operator")]
    public async Task Bad_beacon_queries_are_400_naming_the_field(string body, string field)
    {
        using var client = BeaconClient();
        var response = await client.PostAsync("api/individuals", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }
}
