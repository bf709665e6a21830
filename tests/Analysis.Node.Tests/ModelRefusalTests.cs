using System.Net;
using System.Text;
using System.Text.Json;

namespace Analysis.Node.Tests;

public sealed class ModelRefusalTests(TwoSites sites) : IClassFixture<TwoSites>
{
    private const string Breast = "254837009";
    private RunningNode Node => sites.Oslo;

    private async Task<string> Refused(string path, object body)
    {
        var (response, json) = await Node.PostAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode} {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(json.TryGetProperty("score", out _));
        return json.GetProperty("detail").GetString()!;
    }

    private async Task Invalid(string path, string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await Node.Client.PostAsync(path, content);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, json.GetProperty("field").GetString());
    }

    /// <summary>An age window whose cohort size lies in [lo, hi], found in the fixture so the test does not depend on the seed.</summary>
    private (int Min, int Max) AgeWindow(int lo, int hi)
    {
        for (var width = 0; width < 10; width++)
            for (var min = 20; min < 100; min++)
                if (Node.Patients.Count(p => p.Age >= min && p.Age <= min + width) is var n && n >= lo && n <= hi)
                    return (min, min + width);
        throw new InvalidOperationException($"no age window with {lo}-{hi} patients");
    }

    [Fact]
    public async Task Too_many_parameters_for_the_cohort_are_refused()
    {
        // 6 parameters need at least 6 / 0.33 = 18.2 patients; a cohort of 10-18 passes the subset rule but not this one.
        var (min, max) = AgeWindow(10, 18);
        var reason = await Refused("api/v1/glm/logistic",
            new { filter = new { ageMin = min, ageMax = max }, outcome = "event", covariates = new[] { "age_at_diagnosis", "sex", "stage_group" } });
        Assert.Contains("parameters", reason);
        reason = await Refused("api/v1/cox/score", new { filter = new { ageMin = min, ageMax = max }, covariates = new[] { "age_at_diagnosis", "sex", "stage_group", "t" } });
        Assert.Contains("parameters", reason);
    }

    [Fact]
    public async Task A_cohort_under_the_minimum_subset_size_is_refused()
    {
        var (min, max) = AgeWindow(1, 9);
        var reason = await Refused("api/v1/glm/logistic", new { filter = new { ageMin = min, ageMax = max }, outcome = "event", covariates = new[] { "age_at_diagnosis" } });
        Assert.Contains("minimum subset size", reason);
    }

    [Fact]
    public async Task A_dummy_level_under_the_cell_threshold_is_refused()
    {
        var breast = Node.Patients.Where(p => p.Snomed == Breast).ToList();
        Assert.InRange(breast.Count(p => p.Sex == "male"), 0, Expect.Threshold - 1);
        Assert.True(breast.Count >= 20);
        var reason = await Refused("api/v1/glm/logistic", new { filter = new { diagnosis = Breast }, outcome = "event", covariates = new[] { "age_at_diagnosis", "sex" } });
        Assert.Contains("level 'male' of sex", reason);
        reason = await Refused("api/v1/cox/score", new { filter = new { diagnosis = Breast }, covariates = new[] { "sex" } });
        Assert.Contains("level 'male' of sex", reason);
    }

    [Fact]
    public async Task A_small_cell_of_two_covariates_is_refused_although_each_level_is_large()
    {
        // The information matrix at beta = 0 is X'X/4: its sex=male, diagnosis=breast entry would give the cross count.
        Assert.InRange(Node.Patients.Count(p => p.Snomed == Breast && p.Sex == "male"), 0, Expect.Threshold - 1);
        Assert.True(Node.Patients.Count(p => p.Sex == "male") >= 20);
        var reason = await Refused("api/v1/glm/logistic", new { outcome = "event", covariates = new[] { "sex", "diagnosis" } });
        Assert.Contains($"sex = male and diagnosis = {Breast}", reason);
    }

    [Fact]
    public async Task A_small_outcome_cell_within_a_level_is_refused()
    {
        // The score at beta = 0 gives the outcome count per dummy column: here the male breast patients.
        Assert.InRange(Node.Patients.Count(p => p.Snomed == Breast && p.Sex == "male"), 0, Expect.Threshold - 1);
        var reason = await Refused("api/v1/glm/logistic", new { outcome = "sex", positive = "male", covariates = new[] { "diagnosis" } });
        Assert.Contains($"diagnosis = {Breast} and the outcome sex = male", reason);
    }

    [Fact]
    public async Task A_rare_outcome_level_is_refused()
    {
        var reason = await Refused("api/v1/glm/logistic",
            new { filter = new { diagnosis = Breast }, outcome = "sex", positive = "male", covariates = new[] { "age_at_diagnosis" } });
        Assert.Contains("outcome", reason);
    }

    [Fact]
    public async Task Refusals_are_audited_with_the_reason()
    {
        await Refused("api/v1/cox/score", new { filter = new { diagnosis = Breast }, covariates = new[] { "sex" } });
        var lines = await ReadAudit();
        Assert.Contains(lines, l => l.Contains("/api/v1/cox/score", StringComparison.Ordinal) && l.Contains("\"status\":422", StringComparison.Ordinal)
            && l.Contains("level 'male' of sex", StringComparison.Ordinal));
    }

    private async Task<string[]> ReadAudit()
    {
        var path = Path.Combine(Node.Directory, "audit.jsonl");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Split('\n');
    }

    [Theory]
    [InlineData("""{"outcome":"event","covariates":[]}""", "covariates")]
    [InlineData("""{"outcome":"event"}""", "covariates")]
    [InlineData("""{"outcome":"event","covariates":["age_at_diagnosis","bogus"]}""", "covariates[1]")]
    [InlineData("""{"outcome":"event","covariates":["sex","sex"]}""", "covariates[1]")]
    [InlineData("""{"outcome":"event","covariates":["event"]}""", "covariates[0]")]
    [InlineData("""{"covariates":["sex"]}""", "outcome")]
    [InlineData("""{"outcome":"bogus","covariates":["sex"]}""", "outcome")]
    [InlineData("""{"outcome":"age_at_diagnosis","covariates":["sex"]}""", "outcome")]
    [InlineData("""{"outcome":"stage_group","covariates":["sex"]}""", "positive")]
    [InlineData("""{"outcome":"stage_group","positive":"V","covariates":["sex"]}""", "positive")]
    [InlineData("""{"outcome":"event","covariates":["sex"],"beta":[0]}""", "beta")]
    [InlineData("""{"outcome":"event","covariates":["sex"],"beta":[0,1,2]}""", "beta")]
    [InlineData("""{"outcome":"event","covariates":["sex"],"beta":[0,1e400]}""", "beta[1]")]
    [InlineData("""{"outcome":"event","covariates":["sex"],"beta":[0,"NaN"]}""", "beta[1]")]
    [InlineData("""{"outcome":"event","covariates":["sex"],"beta":[0,null]}""", "beta[1]")]
    [InlineData("""{"outcome":"event","covariates":["sex"],"filter":{"ageMin":-1}}""", "filter.ageMin")]
    [InlineData("""{"outcome":"event","covariates":["sex"],"link":"probit"}""", "link")]
    public async Task Bad_logistic_input_gets_400_naming_the_field(string body, string field) => await Invalid("api/v1/glm/logistic", body, field);

    [Theory]
    [InlineData("""{"covariates":[]}""", "covariates")]
    [InlineData("""{"covariates":["followup_days"]}""", "covariates[0]")]
    [InlineData("""{"covariates":["sex","nope"]}""", "covariates[1]")]
    [InlineData("""{"covariates":["sex"],"ties":"exact"}""", "ties")]
    [InlineData("""{"covariates":["sex"],"ties":""}""", "ties")]
    [InlineData("""{"covariates":["sex","age_at_diagnosis"],"beta":[1]}""", "beta")]
    [InlineData("""{"covariates":["age_at_diagnosis"],"beta":[1e300]}""", "beta")]
    public async Task Bad_cox_input_gets_400_naming_the_field(string body, string field) => await Invalid("api/v1/cox/score", body, field);

    [Fact]
    public async Task Model_endpoints_need_the_aggregate_scope()
    {
        using var client = new HttpClient { BaseAddress = Node.Server.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", RunningNode.BeaconToken);
        var (response, _) = await Node.PostAsync("api/v1/cox/score", new { covariates = new[] { "sex" } }, client);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
