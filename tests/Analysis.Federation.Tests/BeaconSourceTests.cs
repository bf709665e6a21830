using Analysis.Node.Tests;

namespace Analysis.Federation.Tests;

/// <summary>One real node's Beacon v2 through <see cref="BeaconSource"/>, checked against the fixture's patients.</summary>
public sealed class BeaconSourceTests(ThreeSites sites) : IClassFixture<ThreeSites>
{
    private RunningNode Oslo => sites.Nodes[0];

    private static BeaconSource Beacon(RunningNode node, string token = RunningNode.BeaconToken) => new(new Uri(node.Server.Address, "api"), token);

    [Fact]
    public async Task A_count_with_every_kind_of_filter_matches_the_fixture()
    {
        var query = BeaconQuery.All.Diagnosis(Snomed.BreastCancer).Sex(Sex.Female).AgeAtDiagnosis(30, 85).Biomarker(Er.Positive);
        var expected = Oslo.Patients.Count(p => p.Snomed == "254837009" && p.Sex == "female" && p.Age is >= 30 and <= 85 && p.Er == "positive");
        Assert.True(expected >= 5, $"the fixture should have at least 5 such patients, has {expected}");

        var answer = await Beacon(Oslo).IndividualsAsync(query);
        Assert.Equal(new BeaconAnswer(true, expected, CountPrecision.Exact, null, Granularity.Count), answer);
        Assert.False(answer.IsImprecise);
    }

    [Fact]
    public async Task A_count_under_the_threshold_is_withheld_not_zero_and_boolean_says_no()
    {
        var porto = sites.Nodes[2];
        var breast = porto.Patients.Count(p => p.Snomed == "254837009");
        Assert.InRange(breast, 1, 4);
        var query = BeaconQuery.All.Diagnosis(Icd10.BreastCancer);

        var count = await Beacon(porto).IndividualsAsync(query);
        Assert.Equal((false, (long?)null, CountPrecision.Imprecise, "<5"), (count.Exists, count.Count, count.Precision!.Value, count.CountAdjustedTo));
        Assert.True(count.IsImprecise);
        Assert.Equal("<5", count.ToString());

        var boolean = await Beacon(porto).IndividualsAsync(query, Granularity.Boolean);
        Assert.Equal(new BeaconAnswer(false, null, null, null, Granularity.Boolean), boolean);
        var colorectal = await Beacon(porto).IndividualsAsync(BeaconQuery.All.Diagnosis(Snomed.ColonCancer), Granularity.Boolean);
        Assert.True(colorectal.Exists);
    }

    [Fact]
    public async Task A_cohort_becomes_the_same_beacon_filters()
    {
        var cohort = new Cohort().Diagnosis(Snomed.ColonCancer).AgeAtDiagnosis(20, 90).Stage(StageGroup.II).Mutation("KRAS").Biomarker(Gene.Present("TP53"));
        var query = BeaconQuery.FromCohort(cohort);
        Assert.Equal("SNOMED:363406005 AND age_at_diagnosis >= 20 AND age_at_diagnosis <= 90 AND stage_group = II AND TP53 = present AND HGNC:KRAS", query.ToString());

        var all = BeaconQuery.FromCohort(new Cohort().Mutation("TP53"));
        var answer = await Beacon(Oslo).IndividualsAsync(all);
        Assert.Equal(Oslo.Patients.Count(p => p.MafGenes.Contains("TP53")), answer.Count);
        Assert.Throws<ArgumentException>(() => BeaconQuery.FromCohort(new Cohort().Stage(StageGroup.I, StageGroup.II)));
        Assert.Throws<ArgumentException>(() => BeaconQuery.All.Diagnosis(Loinc.StageGroup));
    }

    [Fact]
    public async Task Variant_queries_by_position_gene_and_protein_change_match_the_maf()
    {
        var beacon = Beacon(Oslo);
        // The fixture MAF puts every variant at chr12:25245350 (1-based) C>A p.G12V, under the gene it names.
        var carriers = Oslo.Patients.Count(p => p.MafGenes.Count > 0);
        Assert.Equal(carriers, (await beacon.VariantsAsync(VariantQuery.At("12", 25245349, "C", "A"))).Count);
        Assert.Equal(carriers, (await beacon.VariantsAsync(VariantQuery.Range("chr12", 25245300, 25245400))).Count);
        Assert.Equal(Oslo.Patients.Count(p => p.MafGenes.Contains("EGFR")), (await beacon.VariantsAsync(VariantQuery.InGene("EGFR").Protein("G12V"))).Count);

        var elsewhere = await beacon.VariantsAsync(VariantQuery.At("12", 25245350, "C", "A"), Granularity.Boolean);
        Assert.False(elsewhere.Exists);
    }

    [Fact]
    public async Task A_refused_query_names_the_beacon_and_the_field()
    {
        var e = await Assert.ThrowsAsync<BeaconException>(() => Beacon(Oslo).IndividualsAsync(BeaconQuery.All.Term("MONDO:0007254")));
        Assert.Contains("api/individuals", e.Message);
        Assert.Contains("HTTP 400", e.Message);
        Assert.Contains("query.filters[0].id", e.Message);

        var variant = await Assert.ThrowsAsync<BeaconException>(() => Beacon(Oslo).VariantsAsync(VariantQuery.At("25", 10)));
        Assert.Contains("query.requestParameters.referenceName", variant.Message);
    }

    [Fact]
    public async Task A_token_without_the_beacon_scope_is_forbidden()
    {
        var e = await Assert.ThrowsAsync<BeaconException>(() => Beacon(Oslo, RunningNode.AggregateToken).IndividualsAsync(BeaconQuery.All));
        Assert.Contains("forbidden", e.Message);
    }

    [Fact]
    public void A_base_that_is_not_an_http_url_is_refused()
    {
        Assert.Contains("'api/' is not an absolute http(s) URL", Assert.Throws<ArgumentException>(() => new BeaconSource(new Uri("api/", UriKind.Relative), "t")).Message);
        Assert.Throws<ArgumentException>(() => new BeaconSource(new Uri("ftp://host/api/"), "t"));
    }

    // Every member Beacon v2 requires of an answer's meta but the granularity, whose value each row gives.
    private const string Meta = "\"meta\":{\"beaconId\":\"b\",\"apiVersion\":\"v2.0\",\"receivedRequestSummary\":{},\"returnedSchemas\":[],\"returnedGranularity\":";

    [Theory]
    [InlineData("not json at all", "the answer is not JSON")]
    [InlineData("{" + Meta + "\"count\"}}", "no 'responseSummary' in it")]
    [InlineData("""{"meta":{},"responseSummary":{"exists":true}}""", "no 'beaconId', 'apiVersion', 'returnedGranularity', 'receivedRequestSummary' in meta")]
    [InlineData("{" + Meta + "\"count\"},\"responseSummary\":{\"exists\":true}}", "no 'numTotalResults' in responseSummary")]
    [InlineData("{" + Meta + "\"record\"},\"responseSummary\":{\"exists\":true}}", "'record' is neither boolean nor count")]
    [InlineData("{" + Meta + "\"count\"},\"responseSummary\":{\"exists\":\"yes\",\"numTotalResults\":3}}", "'responseSummary.exists' has a value of the wrong type")]
    [InlineData("{" + Meta + "\"count\"},\"responseSummary\":{\"exists\":true,\"numTotalResults\":-3}}", "numTotalResults '-3' is not a count")]
    [InlineData("{" + Meta + "\"count\"},\"responseSummary\":{\"exists\":true,\"numTotalResults\":3,\"countPrecision\":\"roughly\"}}",
        "countPrecision 'roughly' is not exact, imprecise or rounded")]
    public async Task A_malformed_answer_says_what_is_wrong(string body, string reason)
    {
        await using var fake = FakeSite.Answering(200, "application/json", body);
        var e = await Assert.ThrowsAsync<BeaconException>(() => new BeaconSource(new Uri(fake.Url), "t").IndividualsAsync(BeaconQuery.All));
        Assert.Contains(reason, e.Message);
        Assert.Contains(fake.Url + "individuals", e.Message);
    }
}
