using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests;

/// <summary>
/// A 400-patient node whose answers the tests compare exactly with LINQ over the raw fixture, so its policy is the
/// explicit exact mode (thresholds only); the protected default is tested by the attack and utility tests.
/// </summary>
public sealed class NodeWithRandomSite : IAsyncLifetime
{
    public RunningNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await RunningNode.StartAsync(SiteFixture.Random(400, seed: 2024), RunningNode.ExactConfig());

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public sealed class AggregateApiTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private RunningNode Node => site.Node;
    private IReadOnlyList<FixturePatient> Patients => Node.Patients;

    private async Task<JsonElement> Ok(string path, object body)
    {
        var (response, json) = await Node.PostAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {json}");
        return json;
    }

    [Fact]
    public async Task Info_names_the_site_its_size_version_and_policy()
    {
        var response = await Node.Client.GetAsync("api/v1/info");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Patients.Count, json.GetProperty("patients").GetProperty("value").GetInt64());
        Assert.Equal(5, json.GetProperty("policy").GetProperty("minCellCount").GetInt32());
        Assert.Equal(30, json.GetProperty("policy").GetProperty("survivalGridDays").GetInt32());
        Assert.Matches(@"^\d+\.\d+\.\d+", json.GetProperty("version").GetString());
        Assert.Contains("stage_group", json.GetProperty("categorical").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("age_at_diagnosis", json.GetProperty("numeric").EnumerateArray().Select(e => e.GetString()));
        Assert.False(json.GetProperty("open").GetBoolean());
        using var beaconOnly = Node.ClientFor(RunningNode.BeaconToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await beaconOnly.GetAsync("api/v1/info")).StatusCode);
    }

    public static TheoryData<string> Filters => new()
    {
        "{}",
        """{"diagnosis":"254837009"}""",
        """{"diagnosis":"C18.9","sex":"male"}""",
        """{"ageMin":50,"ageMax":70}""",
        """{"stage":["III","IV"],"diagnosis":"254637007"}""",
        """{"biomarkers":{"ER":"positive","HER2":"negative"}}""",
        """{"biomarkers":{"KRAS":"present"},"ageMax":60}""",
        """{"mutations":["KRAS","TP53"]}""",
        """{"mutations":["EGFR"],"sex":"female","stage":["I"]}""",
        """{"ageMin":89,"ageMax":89}""",
    };

    private static Func<FixturePatient, bool> Linq(string filterJson)
    {
        var f = JsonDocument.Parse(filterJson).RootElement;
        return p =>
            (!f.TryGetProperty("diagnosis", out var d) || p.Snomed == d.GetString() || p.Icd10 == d.GetString())
            && (!f.TryGetProperty("sex", out var s) || p.Sex == s.GetString())
            && (!f.TryGetProperty("ageMin", out var lo) || p.Age >= lo.GetInt32())
            && (!f.TryGetProperty("ageMax", out var hi) || p.Age <= hi.GetInt32())
            && (!f.TryGetProperty("stage", out var st) || st.EnumerateArray().Any(x => x.GetString() == p.Stage))
            && (!f.TryGetProperty("mutations", out var mu) || mu.EnumerateArray().All(g => p.MafGenes.Contains(g.GetString()!)))
            && (!f.TryGetProperty("biomarkers", out var bm) || bm.EnumerateObject().All(b => b.Name switch
            {
                "ER" => p.Er == b.Value.GetString(),
                "PR" => p.Pr == b.Value.GetString(),
                "HER2" => p.Her2 == b.Value.GetString(),
                _ => p.GeneStatus[b.Name] == b.Value.GetString(),
            }));
    }

    private static object Filter(string json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Count_matches_linq(string filter)
    {
        var json = await Ok("api/v1/count", new { filter = Filter(filter) });
        Expect.Cell(Patients.Count(Linq(filter)), json.GetProperty("count"), filter);
    }

    [Fact]
    public async Task Crosstab_matches_linq_over_every_level_combination()
    {
        const string filter = """{"ageMin":40}""";
        var json = await Ok("api/v1/crosstab", new { filter = Filter(filter), rows = "sex", columns = "stage_group" });
        var cells = json.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(2 * 4, cells.Count);
        var cohort = Patients.Where(Linq(filter)).ToList();
        foreach (var cell in cells)
        {
            var (row, column) = (cell.GetProperty("row").GetString(), cell.GetProperty("column").GetString());
            Expect.Cell(cohort.Count(p => p.Sex == row && p.Stage == column), cell.GetProperty("count"), $"{row}/{column}");
        }
    }

    [Fact]
    public async Task Crosstab_reports_missing_values_as_their_own_level()
    {
        var json = await Ok("api/v1/crosstab", new { rows = "er", columns = "event" });
        var missingAlive = json.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("row").GetString() == "(missing)" && c.GetProperty("column").GetString() == "0");
        Expect.Cell(Patients.Count(p => p.Er is null && p.Event == 0), missingAlive.GetProperty("count"));
    }

    [Theory]
    [InlineData("age_at_diagnosis", """{"diagnosis":"254837009"}""")]
    [InlineData("followup_days", """{"sex":"male"}""")]
    [InlineData("age_at_diagnosis", """{"ageMin":89,"ageMax":89}""")]
    public async Task Summary_matches_linq(string variable, string filter)
    {
        var json = await Ok("api/v1/summary", new { filter = Filter(filter), variable });
        var values = Patients.Where(Linq(filter)).Select(p => (double)(variable == "age_at_diagnosis" ? p.Age : p.FollowupDays)).ToList();
        Expect.Cell(values.Count, json.GetProperty("n"));
        if (values.Count >= Expect.Threshold)
        {
            Assert.Equal(values.Sum(), json.GetProperty("sum").GetDouble(), 6);
            Assert.Equal(values.Sum(v => v * v), json.GetProperty("sumOfSquares").GetDouble(), 3);
            // The default policy keeps extremes back: they often belong to one patient.
            Assert.False(json.TryGetProperty("min", out _));
            Assert.False(json.TryGetProperty("max", out _));
        }
        else
        {
            Assert.False(json.TryGetProperty("sum", out _));
            Assert.False(json.TryGetProperty("sumOfSquares", out _));
        }
    }

    [Fact]
    public async Task Histogram_matches_linq()
    {
        const string filter = """{"diagnosis":"C34.9"}""";
        var json = await Ok("api/v1/histogram", new { filter = Filter(filter), variable = "age_at_diagnosis", binWidth = 10 });
        var cohort = Patients.Where(Linq(filter)).ToList();
        var bins = json.GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(Patients.Min(p => p.Age) / 10 * 10, bins[0].GetProperty("lower").GetInt64());
        Assert.Equal(Patients.Max(p => p.Age) / 10 * 10 + 10, bins[^1].GetProperty("upper").GetInt64());
        foreach (var bin in bins)
        {
            var (lower, upper) = (bin.GetProperty("lower").GetInt64(), bin.GetProperty("upper").GetInt64());
            Expect.Cell(cohort.Count(p => p.Age >= lower && p.Age < upper), bin.GetProperty("count"), $"[{lower},{upper})");
        }
    }

    [Fact]
    public async Task Risk_table_matches_linq_per_stratum()
    {
        const string filter = """{"diagnosis":"363406005"}""";
        var json = await Ok("api/v1/survival/risktable", new { filter = Filter(filter), strata = "sex" });
        Assert.Equal(30, json.GetProperty("intervalDays").GetInt32());
        var cohort = Patients.Where(Linq(filter)).ToList();
        var strata = json.GetProperty("strata").EnumerateArray().ToList();
        Assert.Equal(["female", "male"], strata.Select(s => s.GetProperty("stratum").GetString()));
        foreach (var stratum in strata)
        {
            var group = cohort.Where(p => p.Sex == stratum.GetProperty("stratum").GetString()).ToList();
            var intervals = stratum.GetProperty("intervals").EnumerateArray().ToList();
            Assert.Equal(Patients.Max(p => p.FollowupDays) / 30 + 1, intervals.Count);
            foreach (var interval in intervals)
            {
                var (start, end) = (interval.GetProperty("start").GetInt32(), interval.GetProperty("end").GetInt32());
                // The grid protects survival times, so risk-table cells are exact (no cell rule) in strata of 10 or more.
                Assert.Equal(group.Count(p => p.FollowupDays >= start), interval.GetProperty("atRisk").GetProperty("value").GetInt64());
                Assert.Equal(group.Count(p => p.FollowupDays >= start && p.FollowupDays < end && p.Event == 1), interval.GetProperty("events").GetProperty("value").GetInt64());
                Assert.Equal(group.Count(p => p.FollowupDays >= start && p.FollowupDays < end && p.Event == 0), interval.GetProperty("censored").GetProperty("value").GetInt64());
            }
        }
    }

    [Fact]
    public async Task Multi_cell_results_over_a_tiny_cohort_are_refused_with_a_reason()
    {
        var tiny = Patients.First();
        var filter = new { ageMin = tiny.Age, ageMax = tiny.Age, sex = tiny.Sex, diagnosis = tiny.Snomed, stage = new[] { tiny.Stage } };
        Assert.True(Patients.Count(p => p.Age == tiny.Age && p.Sex == tiny.Sex && p.Snomed == tiny.Snomed && p.Stage == tiny.Stage) < 10);
        var (response, json) = await Node.PostAsync("api/v1/crosstab", new { filter, rows = "sex", columns = "er" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("minimum subset size", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Summary_releases_min_and_max_only_where_the_node_allows_it()
    {
        var config = RunningNode.DefaultConfig() with { Policy = new Analysis.Contracts.DisclosurePolicy { ReleaseMinMax = true, Mode = Analysis.Contracts.DisclosureMode.Exact } };
        await using var node = await RunningNode.StartAsync(Patients, config);
        var (response, json) = await node.PostAsync("api/v1/summary", new { filter = new { sex = "female" }, variable = "age_at_diagnosis" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ages = Patients.Where(p => p.Sex == "female").Select(p => p.Age).ToList();
        Assert.Equal(ages.Min(), json.GetProperty("min").GetDouble());
        Assert.Equal(ages.Max(), json.GetProperty("max").GetDouble());
    }
}
