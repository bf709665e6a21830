using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Configuration;
using Analysis.Node.Http;
using Analysis.Node.Ingest;
using Analysis.Synthetic;

namespace Analysis.Node.Tests.Imaging;

/// <summary>EUCAIM's federated search at one node (REST GET and POST, Beacon <c>/collections</c>) against the pooled truth from pydicom.</summary>
public sealed class ImagingSearchTests
{
    /// <summary>Searches in the wire's coded form and, beside each, the same search in the reference's plain terms.</summary>
    public static readonly (string Query, PlainSearch Plain)[] Searches =
    [
        ("", new PlainSearch()),
        ("modality=RID10321", new PlainSearch(Modality: "CT")),
        ("modality=MR", new PlainSearch(Modality: "MR")),
        ("bodyPart=51185008", new PlainSearch(BodyPart: "CHEST")),
        ("bodyPart=BREAST", new PlainSearch(BodyPart: "BREAST")),
        ("gender=248152002&modality=RID10312", new PlainSearch(Sex: "female", Modality: "MR")),
        ("diagnosis=363406005&bodyPart=113345001", new PlainSearch(Diagnosis: "363406005", BodyPart: "ABDOMEN")),
        ("gender=248153007&modality=RID10321&bodyPart=51185008", new PlainSearch(Sex: "male", Modality: "CT", BodyPart: "CHEST")),
        ("manufacturer=siemens", new PlainSearch(Manufacturer: "SIEMENS")),
        ("manufacturer=Philips&modality=CT", new PlainSearch(Manufacturer: "Philips", Modality: "CT")),
        ("diagnosis=254637007&modality=MR", new PlainSearch(Diagnosis: "254637007", Modality: "MR")),
    ];

    private static async Task<ImagingSearchResult> Get(HttpClient client, string query)
    {
        var response = await client.GetAsync("api/v1/imaging/search" + (query.Length > 0 ? "?" + query : ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ContractJson.Default.ImagingSearchResult))!;
    }

    private static ImagingSearchRequest Request(string query)
    {
        var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        string? V(string k) => q.TryGetValue(k, out var v) ? v[0] : null;
        return new ImagingSearchRequest { Gender = V("gender"), Diagnosis = V("diagnosis"), Modality = V("modality"), BodyPart = V("bodyPart"), Manufacturer = V("manufacturer") };
    }

    [Fact]
    public async Task Exact_policy_search_equals_the_pooled_count_over_the_metadata_in_every_form()
    {
        await using var site = await ImagingSite.StartAsync("imgx", 5, RunningNode.ExactConfig());
        var truth = ImagingReference.Counts([site.Directory], [.. Searches.Select(s => s.Plain)]);
        Assert.True(truth[0].Subjects > 40, $"the site has {truth[0].Subjects} imaged patients");
        using var client = site.Client();
        using var beacon = site.Client(RunningNode.BeaconToken);
        for (var i = 0; i < Searches.Length; i++)
        {
            var (subjects, studies) = truth[i];
            var got = await Get(client, Searches[i].Query);
            if (subjects < 5)
            {
                Assert.True(got.Subjects.IsSuppressed, $"{Searches[i].Query}: {subjects} subjects must be withheld");
                Assert.True(got.Studies.IsSuppressed);
            }
            else
            {
                Assert.Equal(subjects, got.Subjects.Value);
                Assert.Equal(studies < 5 ? null : studies, got.Studies.Value);
            }
            // The POST form and Beacon /collections release the same numbers.
            var posted = await client.PostAsJsonAsync("api/v1/imaging/search", Request(Searches[i].Query), ContractJson.Default.ImagingSearchRequest);
            Assert.Equal(got, await posted.Content.ReadFromJsonAsync(ContractJson.Default.ImagingSearchResult));
            var r = Request(Searches[i].Query);
            var filters = new List<object>();
            if (r.Gender is { } g) filters.Add(new { id = "SNOMED:263495000", @operator = "=", value = g });
            if (r.Diagnosis is { } d) filters.Add(new { id = "439401001", value = d });
            if (r.Modality is { } m) filters.Add(new { id = "RID10311", value = m });
            if (r.BodyPart is { } b) filters.Add(new { id = "SNOMED:123037004", value = b });
            if (r.Manufacturer is { } f) filters.Add(new { id = "NCIT:C25392", value = f });
            var answer = await beacon.PostAsJsonAsync("api/collections", new { query = new { filters } });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(!got.Subjects.IsSuppressed, body.GetProperty("responseSummary").GetProperty("exists").GetBoolean());
            if (!got.Subjects.IsSuppressed)
            {
                var collection = body.GetProperty("response").GetProperty("collections")[0];
                Assert.Equal(got.Subjects.Value, collection.GetProperty("numberOfSubjects").GetInt64());
                Assert.Equal("exact", collection.GetProperty("countPrecision").GetString());
            }
        }
        // The GET form of /collections takes coded values alone.
        var coded = JsonDocument.Parse(await beacon.GetStringAsync("api/collections?filters=RID10321,SNOMED:51185008")).RootElement;
        Assert.Equal(ImagingReference.Counts([site.Directory], [new PlainSearch(Modality: "CT", BodyPart: "CHEST")])[0].Subjects,
            coded.GetProperty("response").GetProperty("collections")[0].GetProperty("numberOfSubjects").GetInt64());
    }

    [Fact]
    public async Task Protected_policy_search_is_within_noise_and_rounding_of_the_truth_and_repeatable()
    {
        var config = RunningNode.DefaultConfig();
        await using var site = await ImagingSite.StartAsync("imgp", 6, config);
        var truth = ImagingReference.Counts([site.Directory], [.. Searches.Select(s => s.Plain)]);
        using var client = site.Client();
        var bound = config.Policy.NoiseMax + config.Policy.RoundingBase / 2.0;
        var answered = 0;
        for (var i = 0; i < Searches.Length; i++)
        {
            ImagingSearchResult got;
            var response = await client.GetAsync("api/v1/imaging/search" + (Searches[i].Query.Length > 0 ? "?" + Searches[i].Query : ""));
            // The ledger may refuse a search whose cohort differs from an answered one by a few patients: that is the rule working.
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity) continue;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            got = (await response.Content.ReadFromJsonAsync(ContractJson.Default.ImagingSearchResult))!;
            var (subjects, studies) = truth[i];
            if (subjects < config.Policy.MinCellCount) { Assert.True(got.Subjects.IsSuppressed); continue; }
            answered++;
            Assert.InRange(got.Subjects.Value!.Value, subjects - bound, subjects + bound);
            Assert.Equal(0, got.Subjects.Value % config.Policy.RoundingBase);
            if (!got.Studies.IsSuppressed) Assert.InRange(got.Studies.Value!.Value, studies - bound, studies + bound);
            // Asking again gives the same numbers: the noise is keyed to the records, not drawn per request.
            Assert.Equal(got, await Get(client, Searches[i].Query));
        }
        Assert.True(answered >= 5, $"only {answered} searches were answered");
    }

    [Theory]
    [InlineData("gender=unknown", "gender")]
    [InlineData("modality=RID99999", "modality")]
    [InlineData("bodyPart=not-a-part!", "bodyPart")]
    [InlineData("diagnosis=breast", "diagnosis")]
    [InlineData("colour=blue", "colour")]
    public async Task A_bad_category_value_is_a_400_naming_the_parameter(string query, string field)
    {
        await using var site = await ImagingSite.StartAsync("imgb", 7, RunningNode.ExactConfig(), patients: 30, share: 0.3);
        using var client = site.Client();
        var response = await client.GetAsync("api/v1/imaging/search?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
        // The node keeps serving.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/imaging/search?modality=CT")).StatusCode);
    }

    [Fact]
    public async Task Beacon_filters_that_are_not_understood_are_400s_naming_the_filter()
    {
        await using var site = await ImagingSite.StartAsync("imgc", 8, RunningNode.ExactConfig(), patients: 30, share: 0.3);
        using var beacon = site.Client(RunningNode.BeaconToken);
        async Task<string?> Field(object body)
        {
            var response = await beacon.PostAsJsonAsync("api/collections", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString();
        }
        Assert.Equal("query.filters[0].id", await Field(new { query = new { filters = new[] { new { id = "SNOMED:12345", value = "x" } } } }));
        Assert.Equal("query.filters[1]", await Field(new { query = new { filters = new[] { new { id = "RID10321" }, new { id = "RID10312" } } } }));
        Assert.Equal("query.filters[0].operator", await Field(new { query = new { filters = new[] { new { id = "RID10311", @operator = ">", value = "CT" } } } }));
        Assert.Equal("query.filters[0].id", await Field(new { query = new { filters = new[] { new { id = "NCIT:C99999" } } } }));
    }

    [Fact]
    public async Task A_site_whose_allowlist_omits_search_refuses_it_and_lists_its_policy()
    {
        var config = RunningNode.ExactConfig() with { Processing = [ImagingOperations.Features] };
        await using var site = await ImagingSite.StartAsync("imgd", 9, config, patients: 30, share: 0.3);
        using var client = site.Client();
        var refused = await client.GetAsync("api/v1/imaging/search?modality=CT");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("imaging.search", await refused.Content.ReadAsStringAsync());
        var policy = await client.GetFromJsonAsync("api/v1/policy", ContractJson.Default.SitePolicy);
        Assert.Equal([ImagingOperations.Features], policy!.Processing);
        Assert.Throws<ArgumentException>(() => (config with { Processing = ["imaging.everything"] }).Validate());
    }

    /// <summary>The query string of a plain search (sex as its SNOMED code; the other categories as plain terms, which the node accepts).</summary>
    private static string Query(PlainSearch s) => string.Join("&", new[]
    {
        s.Sex is { } sex ? "gender=" + (sex == "male" ? "248153007" : "248152002") : null,
        s.Modality is { } m ? "modality=" + Uri.EscapeDataString(m) : null,
        s.BodyPart is { } b ? "bodyPart=" + Uri.EscapeDataString(b) : null,
        s.Manufacturer is { } f ? "manufacturer=" + Uri.EscapeDataString(f) : null,
    }.Where(q => q is not null));

    [Fact]
    public async Task Two_nested_searches_that_differ_by_a_few_patients_are_not_both_answered()
    {
        // The attack: search A, then A narrowed by one more category (B, a subset of A's patients). Were both answered
        // when A minus B holds 1 to 9 patients, their difference would count (and, with the categories, describe) a
        // group under the threshold. The site's cohort ledger must refuse the second, whichever order, whoever asks.
        var config = RunningNode.DefaultConfig();
        await using var site = await ImagingSite.StartAsync("imga", 11, config);
        PlainSearch[] bases = [new(), new(Modality: "CT"), new(Modality: "MR"), new(BodyPart: "CHEST"), new(BodyPart: "BREAST"), new(BodyPart: "ABDOMEN")];
        var narrowings = new List<(PlainSearch Outer, PlainSearch Inner)>();
        foreach (var a in bases)
        {
            foreach (var sex in new[] { "male", "female" }) if (a.Sex is null) narrowings.Add((a, a with { Sex = sex }));
            foreach (var f in new[] { "SIEMENS", "Philips", "GE MEDICAL SYSTEMS" }) narrowings.Add((a, a with { Manufacturer = f }));
            if (a.Modality is null) foreach (var m in new[] { "CT", "MR" }) narrowings.Add((a, a with { Modality = m }));
        }
        var truth = ImagingReference.Counts([site.Directory], [.. narrowings.SelectMany(n => new[] { n.Outer, n.Inner })]);
        var small = Enumerable.Range(0, narrowings.Count)
            .Where(i => truth[2 * i + 1].Subjects >= config.Policy.MinCellCount
                        && truth[2 * i].Subjects - truth[2 * i + 1].Subjects is > 0 and var d && d < config.Policy.MinCohortDifference)
            .ToList();
        Assert.True(small.Count > 0, "the synthetic site offers no nested pair that differs by fewer than the minimum difference");
        using var first = site.Client();
        using var second = site.Client(RunningNode.RecordsToken);
        foreach (var i in small)
        {
            var (outer, inner) = narrowings[i];
            var a = await first.GetAsync("api/v1/imaging/search?" + Query(outer));
            var b = await second.GetAsync("api/v1/imaging/search?" + Query(inner));
            Assert.False(a.StatusCode == HttpStatusCode.OK && b.StatusCode == HttpStatusCode.OK,
                $"'{Query(outer)}' and '{Query(inner)}' both answered, though they differ by {truth[2 * i].Subjects - truth[2 * i + 1].Subjects} patients");
            Assert.Contains(HttpStatusCode.UnprocessableEntity, new[] { a.StatusCode, b.StatusCode });
        }
    }
}
