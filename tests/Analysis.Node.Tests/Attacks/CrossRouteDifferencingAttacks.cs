using System.Net;

namespace Analysis.Node.Tests.Attacks;

/// <summary>
/// Routes 3, 4, 5, 7 and 8 of issue 11 again, as an analyst holding several tokens would try them: the two halves of a
/// differencing pair asked by different users, through different routes (a count against a Beacon count, a summary
/// against a histogram, mutation frequencies against a cross-table and a risk table), with filters other than age
/// (sex, diagnosis, stage) choosing the patient left out. The exact node answers both halves, so each pair really
/// isolates one patient; the protected node's ledger is the site's, not a token's, and refuses the second half.
/// </summary>
public sealed class CrossRouteDifferencingAttacks(AttackSite site) : IClassFixture<AttackSite>
{
    private sealed record Half(string Path, object Body, string Token);

    private static object Beacon(params object[] filters) =>
        new { query = new { filters = filters.Select(f => f is string id ? new { id } : f).ToArray(), requestedGranularity = "count" } };

    /// <summary>Pairs of requests whose cohorts differ by exactly one patient, each half from another user and route.</summary>
    private IEnumerable<(string Name, Half First, Half Second, Func<FixturePatient, bool> Whole, Func<FixturePatient, bool> Part)> Pairs()
    {
        // The only male breast cancer: breast cancer (alice, /count) against female breast cancer (bob, Beacon).
        yield return ("count (alice) then Beacon individuals (bob), by sex",
            new Half("api/v1/count", new { filter = new { diagnosis = "254837009" } }, RunningNode.AggregateToken),
            new Half("api/individuals", Beacon("SNOMED:254837009", "NCIT:C16576"), RunningNode.BeaconToken),
            p => p.Snomed == "254837009", p => p.Snomed == "254837009" && p.Sex == "female");
        // The oldest patient, alone in the band 95-99, left out by a band-aligned bound on a diagnosis cohort.
        var oldest = site.Oldest;
        yield return ("summary (carol) then histogram (alice), by diagnosis and band",
            new Half("api/v1/summary", new { variable = "followup_days", filter = new { diagnosis = oldest.Snomed } }, RunningNode.RecordsToken),
            new Half("api/v1/histogram", new { variable = "age_at_diagnosis", filter = new { diagnosis = oldest.Snomed, ageMax = 94 } }, RunningNode.AggregateToken),
            p => p.Snomed == oldest.Snomed, p => p.Snomed == oldest.Snomed && p.Age <= 94);
        // The same patient through their stage: mutation frequencies (carol) against a cross-table (alice).
        yield return ("mutation frequencies (carol) then cross-table (alice), by stage and band",
            new Half("api/v1/mutations/frequency", new { filter = new { stage = new[] { oldest.Stage } }, genes = new[] { "KRAS", "TP53" } }, RunningNode.RecordsToken),
            new Half("api/v1/crosstab", new { rows = "sex", columns = "diagnosis", filter = new { stage = new[] { oldest.Stage }, ageMax = 94 } }, RunningNode.AggregateToken),
            p => p.Stage == oldest.Stage, p => p.Stage == oldest.Stage && p.Age <= 94);
        // And through their sex: a risk table (alice) against a Beacon count (bob).
        yield return ("risk table (alice) then Beacon individuals (bob), by sex and band",
            new Half("api/v1/survival/risktable", new { filter = new { sex = oldest.Sex } }, RunningNode.AggregateToken),
            new Half("api/individuals", Beacon(oldest.Sex == "male" ? "NCIT:C20197" : "NCIT:C16576", new { id = "age_at_diagnosis", @operator = "<=", value = "94" }), RunningNode.BeaconToken),
            p => p.Sex == oldest.Sex, p => p.Sex == oldest.Sex && p.Age <= 94);
    }

    [Fact]
    public async Task A_second_user_on_another_route_cannot_ask_the_cohort_one_patient_smaller()
    {
        // A node of its own: its ledger starts empty, so which half is asked first is the test's choice.
        await using var node = await RunningNode.StartAsync(site.Patients, RunningNode.DefaultConfig());
        foreach (var (name, first, second, whole, part) in Pairs())
        {
            // The pair isolates one patient.
            Assert.Equal(1, site.Patients.Count(whole) - site.Patients.Count(part));
            // The exact node answers both halves.
            foreach (var half in new[] { first, second })
            {
                using var exactClient = site.Exact.ClientFor(half.Token);
                var (exactStatus, exactBody) = await AttackSite.Ask(site.Exact, half.Path, half.Body, exactClient);
                Assert.True(exactStatus == HttpStatusCode.OK, $"{name}: the exact node refused {half.Path}: {exactBody}");
            }
            using var firstClient = node.ClientFor(first.Token);
            var (status, body) = await AttackSite.Ask(node, first.Path, first.Body, firstClient);
            Assert.True(status == HttpStatusCode.OK, $"{name}: {first.Path} {body}");
            using var secondClient = node.ClientFor(second.Token);
            var (refused, problem) = await AttackSite.Ask(node, second.Path, second.Body, secondClient);
            Assert.True(refused == (HttpStatusCode)422, $"{name}: {second.Path} answered {(int)refused} {problem}");
            AttackSite.AssertLedgerRefusal(refused, problem);
        }
    }
}
