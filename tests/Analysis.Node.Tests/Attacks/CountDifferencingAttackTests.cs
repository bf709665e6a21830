using System.Net;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Route 3 of issue 11: counts differenced to recover a count under the threshold.</summary>
public sealed class CountDifferencingAttackTests(AttackSite site) : IClassFixture<AttackSite>
{
    private const string Breast = "254837009";

    [Fact]
    public async Task Ages_a_year_apart_recover_a_single_age_on_the_exact_node_and_are_refused_by_the_protected_one()
    {
        // The attack: count(age <= 97) - count(age <= 96) is the number of 97-year-olds, suppressed when asked directly.
        var direct = await AttackSite.Count(site.Exact, new { ageMin = AttackSite.OldestAge, ageMax = AttackSite.OldestAge });
        Assert.Null(direct);
        var recovered = await AttackSite.Count(site.Exact, new { ageMax = AttackSite.OldestAge }) - await AttackSite.Count(site.Exact, new { ageMax = AttackSite.OldestAge - 1 });
        Assert.Equal(1, recovered);

        // Protected: a bound off the 5-year bands is refused, naming the field and the step.
        var (status, body) = await AttackSite.Ask(site.Protected, "api/v1/count", new { filter = new { ageMax = AttackSite.OldestAge - 1 } });
        AttackSite.AssertBandRefusal(status, body, "filter.ageMax");
        (status, body) = await AttackSite.Ask(site.Protected, "api/v1/count", new { filter = new { ageMin = AttackSite.OldestAge } });
        AttackSite.AssertBandRefusal(status, body, "filter.ageMin");
    }

    [Fact]
    public async Task Whole_bands_differenced_to_one_patient_are_refused_by_the_cohort_ledger()
    {
        // Everyone against everyone up to 94: they differ by the oldest patient only. Everyone is asked first (other
        // tests of this class ask it too), so the smaller cohort is the one refused.
        var everyone = await AttackSite.Ask(site.Protected, "api/v1/count", new { filter = new { ageMax = 150 } });
        var refused = await AttackSite.Ask(site.Protected, "api/v1/count", new { filter = new { ageMax = 94 } });
        Assert.Equal(HttpStatusCode.OK, everyone.Status);
        AttackSite.AssertLedgerRefusal(refused.Status, refused.Body);
        // The refusal does not say by how many patients the cohorts differ.
        Assert.DoesNotContain("by 1 ", refused.Body.GetProperty("detail").GetString());

        // The exact node answers both, and the difference is the hidden patient.
        Assert.Equal(1, await AttackSite.Count(site.Exact, new { ageMax = 150 }) - await AttackSite.Count(site.Exact, new { ageMax = 94 }));
    }

    [Fact]
    public async Task A_cohort_minus_the_same_cohort_of_one_sex_is_refused()
    {
        // count(breast) - count(breast, female) = male breast cancers (1 here), suppressed when asked directly.
        Assert.Null(await AttackSite.Count(site.Exact, new { diagnosis = Breast, sex = "male" }));
        Assert.Equal(1, await AttackSite.Count(site.Exact, new { diagnosis = Breast }) - await AttackSite.Count(site.Exact, new { diagnosis = Breast, sex = "female" }));

        var all = await AttackSite.Ask(site.Protected, "api/v1/count", new { filter = new { diagnosis = Breast } });
        var female = await AttackSite.Ask(site.Protected, "api/v1/count", new { filter = new { diagnosis = Breast, sex = "female" } });
        Assert.Equal(HttpStatusCode.OK, all.Status);
        AttackSite.AssertLedgerRefusal(female.Status, female.Body);
    }

    [Fact]
    public async Task A_cross_table_minus_its_margins_does_not_rebuild_a_suppressed_cell()
    {
        foreach (var node in new[] { site.Protected, site.Exact })
        {
            var (status, body) = await AttackSite.Ask(node, "api/v1/crosstab", new { rows = "diagnosis", columns = "sex", filter = new { ageMin = 0 } });
            Assert.Equal(HttpStatusCode.OK, status);
            var cells = body.GetProperty("cells").EnumerateArray()
                .Select(c => (Row: c.GetProperty("row").GetString()!, Column: c.GetProperty("column").GetString()!, Shown: c.GetProperty("count").TryGetProperty("value", out _)))
                .ToList();
            // The male breast cell is withheld, and (secondary suppression) no row or column has exactly one withheld cell,
            // so a margin from /count minus the shown cells of its line never isolates one withheld cell.
            Assert.False(cells.Single(c => c.Row == Breast && c.Column == "male").Shown);
            foreach (var line in cells.GroupBy(c => c.Row).Concat(cells.GroupBy(c => c.Column)))
                Assert.NotEqual(1, line.Count(c => !c.Shown));
        }
    }

    [Fact]
    public async Task Released_counts_are_within_the_rounding_base_and_noise_of_the_truth_and_never_under_the_threshold()
    {
        var policy = AttackSite.Policy;
        foreach (var (filter, truth) in new (object Filter, int Truth)[]
                 {
                     (new { ageMin = 50, ageMax = 69 }, site.Patients.Count(p => p.Age is >= 50 and <= 69)),
                     (new { diagnosis = "C18.9" }, site.Patients.Count(p => p.Snomed == "363406005")),
                     (new { sex = "male" }, site.Patients.Count(p => p.Sex == "male")),
                     (new { stage = new[] { "IV" } }, site.Patients.Count(p => p.Stage == "IV")),
                 })
        {
            var released = await AttackSite.Count(site.Protected, filter);
            Assert.NotNull(released);
            Assert.Equal(0, released % policy.RoundingBase);
            Assert.InRange(released!.Value, truth - policy.NoiseMax - policy.RoundingBase / 2, truth + policy.NoiseMax + policy.RoundingBase / 2);
        }
    }
}
