using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests;

/// <summary><c>POST /api/v1/mutations/frequency</c> against the fixture's MAF, expected carriers counted from the fixture patients.</summary>
public sealed class MutationFrequencyApiTests(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private const string Path = "api/v1/mutations/frequency";
    private RunningNode Node => site.Node;

    private async Task<JsonElement> Ok(object body)
    {
        var (response, json) = await Node.PostAsync(Path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    private static Dictionary<string, JsonElement> ByGene(JsonElement json) =>
        json.GetProperty("genes").EnumerateArray().ToDictionary(g => g.GetProperty("gene").GetString()!, g => g.GetProperty("carriers"));

    [Fact]
    public async Task Named_genes_get_their_carriers_and_an_absent_gene_is_suppressed_not_zero()
    {
        var json = await Ok(new { genes = new[] { "KRAS", "tp53", "BRCA1" } });
        Expect.Cell(Node.Patients.Count, json.GetProperty("patients"));
        var genes = json.GetProperty("genes").EnumerateArray().Select(g => g.GetProperty("gene").GetString()).ToList();
        Assert.Equal(["KRAS", "TP53", "BRCA1"], genes);
        var cells = ByGene(json);
        foreach (var gene in new[] { "KRAS", "TP53", "BRCA1" })
            Expect.Cell(Node.Patients.Count(p => p.MafGenes.Contains(gene)), cells[gene], gene);
    }

    [Fact]
    public async Task The_filter_narrows_both_the_cohort_and_the_carriers()
    {
        var json = await Ok(new { filter = new { sex = "female", stage = new[] { "I", "II" } }, genes = new[] { "EGFR", "PIK3CA" } });
        var cohort = Node.Patients.Where(p => p.Sex == "female" && p.Stage is "I" or "II").ToList();
        Expect.Cell(cohort.Count, json.GetProperty("patients"));
        var cells = ByGene(json);
        foreach (var gene in new[] { "EGFR", "PIK3CA" }) Expect.Cell(cohort.Count(p => p.MafGenes.Contains(gene)), cells[gene], gene);
    }

    [Fact]
    public async Task Top_lists_the_most_mutated_genes_first_and_only_shown_cells()
    {
        var expected = SiteFixture.Genes.Select(g => (Gene: g.Symbol, Count: Node.Patients.Count(p => p.MafGenes.Contains(g.Symbol))))
            .Where(g => g.Count >= Expect.Threshold).OrderByDescending(g => g.Count).ThenBy(g => g.Gene, StringComparer.Ordinal).ToList();
        var json = await Ok(new { top = 2 });
        var genes = json.GetProperty("genes").EnumerateArray().ToList();
        Assert.Equal(expected.Take(2).Select(g => g.Gene), genes.Select(g => g.GetProperty("gene").GetString()));
        Assert.Equal(expected.Take(2).Select(g => (long)g.Count), genes.Select(g => g.GetProperty("carriers").GetProperty("value").GetInt64()));
        var all = await Ok(new { });
        Assert.Equal(expected.Count, all.GetProperty("genes").GetArrayLength());
    }

    [Fact]
    public async Task Classifications_restrict_which_variants_count()
    {
        // Every fixture variant is a Missense_Mutation, so counting only silent ones finds no gene to list.
        var silent = await Ok(new { top = 10, classifications = new[] { "Silent" } });
        Assert.Equal(0, silent.GetProperty("genes").GetArrayLength());
        var missense = await Ok(new { genes = new[] { "KRAS" }, classifications = new[] { "Missense_Mutation", "Nonsense_Mutation" } });
        Expect.Cell(Node.Patients.Count(p => p.MafGenes.Contains("KRAS")), ByGene(missense)["KRAS"]);
    }

    [Fact]
    public async Task A_cohort_under_the_minimum_subset_size_is_refused_and_audited()
    {
        var age = Node.Patients.GroupBy(p => p.Age).First(g => g.Count() is > 0 and < 10).Key;
        var (response, json) = await Node.PostAsync(Path, new { filter = new { ageMin = age, ageMax = age }, genes = new[] { "KRAS" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("minimum subset size", json.GetProperty("detail").GetString());
        var audited = SecurityApiTests.ReadAudit(Node.Directory).Last(l => l.GetProperty("endpoint").GetString() == "POST /" + Path && l.GetProperty("status").GetInt32() == 422);
        Assert.False(audited.GetProperty("allowed").GetBoolean());
        Assert.Equal("alice", audited.GetProperty("user").GetString());
        Assert.Contains($"\"ageMin\":{age}", audited.GetProperty("query").GetString());
    }

    [Fact]
    public async Task An_answer_is_audited()
    {
        await Ok(new { genes = new[] { "EGFR" }, filter = new { sex = "male" } });
        var audited = SecurityApiTests.ReadAudit(Node.Directory).Last(l => l.GetProperty("endpoint").GetString() == "POST /" + Path && l.GetProperty("allowed").GetBoolean());
        Assert.Contains("EGFR", audited.GetProperty("query").GetString());
        Assert.True(audited.GetProperty("resultBytes").GetInt64() > 0);
    }

    [Theory]
    [InlineData("""{"genes": ["K RAS"]}""", "genes[0]", "not a gene symbol")]
    [InlineData("""{"genes": ["-KRAS"]}""", "genes[0]", "not a gene symbol")]
    [InlineData("""{"genes": ["KRAS", null]}""", "genes[1]", "not a gene symbol")]
    [InlineData("""{"genes": []}""", "genes", "at least one")]
    [InlineData("""{"genes": ["KRAS", "kras"]}""", "genes", "named twice")]
    [InlineData("""{"top": 0}""", "top", "between 1 and 500")]
    [InlineData("""{"top": 501}""", "top", "between 1 and 500")]
    [InlineData("""{"top": 5, "genes": ["KRAS"]}""", "top", "not both")]
    [InlineData("""{"classifications": ["Missense Mutation"]}""", "classifications[0]", "not a Variant_Classification")]
    [InlineData("""{"filter": {"sex": "x"}}""", "filter.sex", "male")]
    public async Task Bad_input_is_a_400_naming_the_field(string body, string field, string message)
    {
        var response = await Node.Client.PostAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, json.GetProperty("field").GetString());
        Assert.Contains(message, json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_beacon_token_cannot_ask()
    {
        using var beacon = Node.ClientFor(RunningNode.BeaconToken);
        var (response, _) = await Node.PostAsync(Path, new { top = 5 }, beacon);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
