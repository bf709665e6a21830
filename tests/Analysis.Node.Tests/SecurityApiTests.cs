using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Analysis.Node.Http;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Tests;

public sealed class SecurityApiTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private RunningNode Node => site.Node;

    private HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Node.Server.Address };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Missing_or_unknown_token_is_401(string? token)
    {
        using var client = Client(token);
        var (response, _) = await Node.PostAsync("api/v1/count", new { }, client);
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_without_the_scope_is_403()
    {
        using var client = Client(RunningNode.BeaconToken);
        var (response, _) = await Node.PostAsync("api/v1/count", new { }, client);
        await AssertProblem(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Records_need_the_records_scope_and_an_open_dataset()
    {
        var (aggregateOnly, _) = await Node.PostAsync("api/v1/records", new { });
        await AssertProblem(aggregateOnly, HttpStatusCode.Forbidden);
        using var client = Client(RunningNode.RecordsToken);
        var (closed, json) = await Node.PostAsync("api/v1/records", new { }, client);
        await AssertProblem(closed, HttpStatusCode.Forbidden);
        Assert.Contains("not open", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_open_dataset_serves_records_to_the_records_scope()
    {
        await using var open = await RunningNode.StartAsync(SiteFixture.Random(12, seed: 3), RunningNode.DefaultConfig(open: true));
        using var client = new HttpClient { BaseAddress = open.Server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningNode.RecordsToken);
        var (response, json) = await open.PostAsync("api/v1/records", new { filter = new { sex = "female" }, limit = 100 }, client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = json.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(open.Patients.Where(p => p.Sex == "female").Select(p => p.Id).Order(), ids);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "api/v1/count", "{\"filter\": {", "filter" },
        { "api/v1/count", """{"filter": {"ageMin": "40"}}""", "filter.ageMin" },
        { "api/v1/count", """{"filter": {"colour": "red"}}""", "filter.colour" },
        { "api/v1/count", """{"filtre": {}}""", "filtre" },
        { "api/v1/count", """{"filter": {"diagnosis": "123456"}}""", "filter.diagnosis" },
        { "api/v1/count", """{"filter": {"ageMin": 70, "ageMax": 40}}""", "filter.ageMin" },
        { "api/v1/count", """{"filter": {"ageMax": 200}}""", "filter.ageMax" },
        { "api/v1/count", """{"filter": {"sex": "x"}}""", "filter.sex" },
        { "api/v1/count", """{"filter": {"stage": ["I", "V"]}}""", "filter.stage[1]" },
        { "api/v1/count", """{"filter": {"stage": "I"}}""", "filter.stage" },
        { "api/v1/count", """{"filter": {"biomarkers": {"XYZ": "positive"}}}""", "filter.biomarkers.XYZ" },
        { "api/v1/count", """{"filter": {"biomarkers": {"ER": "present"}}}""", "filter.biomarkers.ER" },
        { "api/v1/count", """{"filter": {"mutations": ["KRAS; DROP TABLE patients"]}}""", "filter.mutations[0]" },
        { "api/v1/crosstab", """{"rows": "colour", "columns": "sex"}""", "rows" },
        { "api/v1/crosstab", """{"rows": "sex"}""", "columns" },
        { "api/v1/summary", """{"variable": "sex"}""", "variable" },
        { "api/v1/histogram", """{"variable": "age_at_diagnosis", "binWidth": 0}""", "binWidth" },
        { "api/v1/histogram", """{"variable": "followup_days", "binWidth": 7}""", "binWidth" },
        { "api/v1/survival/risktable", """{"strata": "nope"}""", "strata" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_400_problem_json_naming_the_field(string path, string body, string field)
    {
        var response = await Node.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, json.GetProperty("field").GetString());
        Assert.True(json.GetProperty("errors").TryGetProperty(field, out _));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("title").GetString()));
    }

    public static TheoryData<string, string, string, string> WrongTypes => new()
    {
        { "api/v1/count", """{"filter": {"ageMin": "40"}}""", "filter.ageMin", "a whole number" },
        { "api/v1/count", """{"filter": {"sex": 1}}""", "filter.sex", "a string" },
        { "api/v1/count", """{"filter": {"stage": "I"}}""", "filter.stage", "an array" },
        { "api/v1/count", """{"filter": {"biomarkers": {"ER": true}}}""", "filter.biomarkers.ER", "a string" },
        { "api/v1/glm/logistic", """{"outcome": "event", "covariates": ["sex"], "beta": [0, "1"]}""", "beta[1]", "a number" },
        { "api/v1/ml/fedavg", """{"outcome": "event", "covariates": ["age_at_diagnosis"], "standardize": {"age_at_diagnosis": {"sd": "2"}}}""", "standardize.age_at_diagnosis.sd", "a number" },
        { "api/v1/ml/fedavg", """{"outcome": "event", "covariates": ["sex"], "epochs": 1.5}""", "epochs", "a whole number" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_value_of_the_wrong_type_is_named_with_the_type_expected(string path, string body, string field, string expected)
    {
        var response = await Node.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, json.GetProperty("field").GetString());
        Assert.StartsWith($"wrong type at '{field}': expected {expected} (line 1, byte ", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_1_MB_is_400()
    {
        var body = "{\"filter\": {\"diagnosis\": \"" + new string('x', RequestReader.MaxBodyBytes) + "\"}}";
        var response = await Node.Client.PostAsync("api/v1/count", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("exceeds", await response.Content.ReadAsStringAsync());
        var audited = ReadAudit(Node.Directory).Last(l => l.GetProperty("status").GetInt32() == 400 && l.GetProperty("reason").GetString()!.Contains("exceeds"));
        Assert.Equal("alice", audited.GetProperty("user").GetString());

        using var anonymous = Client(null);
        var refused = await anonymous.PostAsync("api/v1/count", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Every_request_is_audited_with_user_outcome_and_size()
    {
        var (ok, _) = await Node.PostAsync("api/v1/count", new { filter = new { sex = "female" } });
        using var anonymous = Client(null);
        await Node.PostAsync("api/v1/count", new { filter = new { sex = "male" } }, anonymous);

        var lines = ReadAudit(Node.Directory);
        var allowed = lines.Last(l => l.GetProperty("query").GetString()?.Contains("female") == true);
        Assert.Equal("alice", allowed.GetProperty("user").GetString());
        Assert.Equal("POST /api/v1/count", allowed.GetProperty("endpoint").GetString());
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        Assert.True(allowed.GetProperty("resultBytes").GetInt64() > 0);
        Assert.True(allowed.TryGetProperty("time", out _));
        var refused = lines.Last(l => l.GetProperty("query").GetString()?.Contains("\"male\"") == true);
        Assert.Equal("anonymous", refused.GetProperty("user").GetString());
        Assert.False(refused.GetProperty("allowed").GetBoolean());
        Assert.Equal(401, refused.GetProperty("status").GetInt32());
        Assert.Contains("Bearer", refused.GetProperty("reason").GetString());
    }

    internal static List<JsonElement> ReadAudit(string dir)
    {
        using var stream = new FileStream(Path.Combine(dir, AuditLog.FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
