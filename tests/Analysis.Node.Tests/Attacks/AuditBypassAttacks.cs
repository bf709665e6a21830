using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Analysis.Node.Tests.Attacks;

/// <summary>
/// Issue 11, route 9: the audit line must hold the answered request in full, whatever padding or duplicate members the
/// body carries, and must be on disk before the answer's first byte leaves.
/// </summary>
public sealed class AuditBypassAttacks(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private RunningNode Node => site.Node;

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostRaw(string path, string body, HttpClient? client = null)
    {
        var response = await (client ?? Node.Client).PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private JsonElement LastLine(string endpoint) => SecurityApiTests.ReadAudit(Node.Directory).Last(l => l.GetProperty("endpoint").GetString() == endpoint);

    [Fact]
    public async Task Leading_padding_cannot_push_the_answered_filter_out_of_the_audit_line()
    {
        var body = new string(' ', 5000) + "{\"filter\":" + new string('\n', 3000) + "{\"ageMax\":42}}";
        var (response, answer) = await PostRaw("api/v1/count", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = LastLine("POST /api/v1/count");
        var query = line.GetProperty("query").GetString()!;
        // The line holds the parsed request re-serialised: no padding, the filter whole.
        Assert.Equal(42, JsonDocument.Parse(query).RootElement.GetProperty("filter").GetProperty("ageMax").GetInt32());
        Assert.DoesNotContain("  ", query);
        Assert.True(query.Length < 200, query);
        // And it is the request that was answered: the same count as the unpadded request.
        var (_, plain) = await Node.PostAsync("api/v1/count", new { filter = new { ageMax = 42 } });
        Assert.Equal(plain.GetProperty("count").GetRawText(), answer.GetProperty("count").GetRawText());
    }

    [Theory]
    [InlineData("""{"filter":{"ageMax":150,"AGEMAX":33}}""", "filter.AGEMAX", "case")]
    [InlineData("""{"filter":{"ageMax":1,"ageMax":2}}""", "filter.ageMax", "twice")]
    [InlineData("""{"filter":{"ageMax":40},"FILTER":{"ageMax":90}}""", "FILTER", "case")]
    [InlineData("""{"filter":{"stage":["I"],"Stage":["IV"]}}""", "filter.Stage", "case")]
    public async Task A_repeated_member_in_any_case_is_refused_naming_it(string body, string field, string mentions)
    {
        var (response, problem) = await PostRaw("api/v1/count", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(mentions, problem.GetProperty("detail").GetString());
        // The refusal is audited with what was sent, both members in it.
        var line = LastLine("POST /api/v1/count");
        Assert.Equal(400, line.GetProperty("status").GetInt32());
        Assert.Equal(body.Replace(" ", ""), line.GetProperty("query").GetString());
    }

    [Fact]
    public async Task A_member_in_another_case_alone_is_an_unknown_member()
    {
        var (response, problem) = await PostRaw("api/v1/count", """{"filter":{"AGEMAX":33}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("filter.AGEMAX", problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("api/individuals", """{"query":{"requestedGranularity":"count","requestedGranularity":"boolean"}}""", "query.requestedGranularity")]
    [InlineData("api/individuals", """{"query":{"filters":[]},"QUERY":{"filters":[{"id":"NCIT:C16576"}]}}""", "QUERY")]
    [InlineData("api/g_variants", """{"query":{"requestParameters":{"geneId":"KRAS","GeneId":"TP53"}}}""", "query.requestParameters.GeneId")]
    public async Task Beacon_bodies_also_refuse_repeated_members(string path, string body, string field)
    {
        using var beacon = Node.ClientFor(RunningNode.BeaconToken);
        var (response, problem) = await PostRaw(path, body, beacon);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("api/g_variants?referenceName=12&start=25245349&start=1", "start")]
    [InlineData("api/individuals?filters=NCIT:C16576&FILTERS=NCIT:C20197", "filters")]
    public async Task Beacon_query_strings_refuse_a_repeated_parameter(string path, string field)
    {
        using var beacon = Node.ClientFor(RunningNode.BeaconToken);
        using var response = await beacon.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task A_beacon_get_is_audited_as_the_parsed_request()
    {
        using var beacon = Node.ClientFor(RunningNode.BeaconToken);
        using var response = await beacon.GetAsync("api/individuals?filters=NCIT:C16576&requestedGranularity=count");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var query = JsonDocument.Parse(LastLine("GET /api/individuals").GetProperty("query").GetString()!).RootElement;
        Assert.Equal("NCIT:C16576", query.GetProperty("query").GetProperty("filters")[0].GetProperty("id").GetString());
        Assert.Equal("count", query.GetProperty("query").GetProperty("requestedGranularity").GetString());
    }

    /// <summary>The line must be on disk when the answer's headers arrive: read the log before reading the body.</summary>
    [Theory]
    [InlineData("POST", "api/v1/count", RunningNode.AggregateToken, 200)]
    [InlineData("POST", "api/v1/count", null, 401)]
    [InlineData("POST", "api/individuals", RunningNode.AggregateToken, 403)]
    [InlineData("GET", "api/map", null, 200)]
    [InlineData("GET", "fhir/metadata", null, 200)]
    [InlineData("GET", "api/v1/no-such-route", RunningNode.AggregateToken, 404)]
    public async Task The_audit_line_is_written_before_the_answer_leaves(string method, string path, string? token, int status)
    {
        using var http = new HttpClient { BaseAddress = Node.Server.Address };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method == "POST") request.Content = new StringContent("""{"filter":{"diagnosis":"C50.9"}}""", Encoding.UTF8, "application/json");
        // This class's tests run one at a time on their own node, so the next line is this request's.
        var before = SecurityApiTests.ReadAudit(Node.Directory).Count;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // Headers are here, the body not yet read: the line must already be in the file.
        var lines = SecurityApiTests.ReadAudit(Node.Directory);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(before + 1, lines.Count);
        Assert.Equal(status, lines[^1].GetProperty("status").GetInt32());
        Assert.Equal($"{method} /{path}", lines[^1].GetProperty("endpoint").GetString());
        await response.Content.ReadAsStringAsync();
        Assert.Equal(before + 1, SecurityApiTests.ReadAudit(Node.Directory).Count);
    }

    [Fact]
    public async Task Every_refusal_and_open_route_gets_exactly_one_line()
    {
        using var anonymous = new HttpClient { BaseAddress = Node.Server.Address };
        using var beacon = Node.ClientFor(RunningNode.BeaconToken);
        var before = SecurityApiTests.ReadAudit(Node.Directory).Count;
        var statuses = new List<int>
        {
            (int)(await PostRaw("api/v1/count", "{}", anonymous)).Response.StatusCode,                       // 401
            (int)(await PostRaw("api/v1/count", "{}", beacon)).Response.StatusCode,                          // 403
            (int)(await PostRaw("api/v1/count", """{"filter":{"ageMax":1,"ageMax":2}}""")).Response.StatusCode, // 400
            (int)(await anonymous.GetAsync("api/info")).StatusCode,                                           // 200, open
            (int)(await anonymous.GetAsync("api/configuration")).StatusCode,                                  // 200, open
            (int)(await anonymous.GetAsync("openapi.json")).StatusCode,                                       // 200, open
            (int)(await anonymous.GetAsync("fhir/Patient")).StatusCode,                                       // 401, FHIR
        };
        Assert.Equal([401, 403, 400, 200, 200, 200, 401], statuses);
        var lines = SecurityApiTests.ReadAudit(Node.Directory).Skip(before).ToList();
        Assert.Equal(statuses, lines.Select(l => l.GetProperty("status").GetInt32()));
    }
}
