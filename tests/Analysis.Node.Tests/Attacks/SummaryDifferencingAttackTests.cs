using System.Net;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Route 4 of issue 11: summaries differenced to one patient's exact value.</summary>
public sealed class SummaryDifferencingAttackTests(AttackSite site) : IClassFixture<AttackSite>
{
    private static object Summary(string variable, object filter) => new { variable, filter };

    [Fact]
    public async Task Two_summaries_one_patient_apart_give_that_patients_follow_up_on_the_exact_node_only()
    {
        var (_, all) = await AttackSite.Ask(site.Exact, "api/v1/summary", Summary("followup_days", new { ageMax = 150 }));
        var (_, rest) = await AttackSite.Ask(site.Exact, "api/v1/summary", Summary("followup_days", new { ageMax = 94 }));
        Assert.Equal(1, all.GetProperty("n").GetProperty("value").GetInt64() - rest.GetProperty("n").GetProperty("value").GetInt64());
        Assert.Equal(site.Oldest.FollowupDays, all.GetProperty("sum").GetDouble() - rest.GetProperty("sum").GetDouble(), 6);

        var first = await AttackSite.Ask(site.Protected, "api/v1/summary", Summary("followup_days", new { ageMax = 150 }));
        var second = await AttackSite.Ask(site.Protected, "api/v1/summary", Summary("followup_days", new { ageMax = 94 }));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        AttackSite.AssertLedgerRefusal(second.Status, second.Body);

        // The phrasing, ageMin 33 against 34, is refused outright (off the bands).
        var (status, body) = await AttackSite.Ask(site.Protected, "api/v1/summary", Summary("followup_days", new { ageMin = 34 }));
        AttackSite.AssertBandRefusal(status, body, "filter.ageMin");
    }

    [Theory]
    [InlineData("followup_days", 30)]
    [InlineData("age_at_diagnosis", 5)]
    public async Task A_released_sum_holds_nothing_finer_than_the_published_resolution(string variable, int unit)
    {
        // Colorectal cancers: the sum must be the sum of band centres plus whole units of noise, so no difference of two
        // sums can show a value finer than one band.
        var cohort = site.Patients.Where(p => p.Snomed == "363406005").ToList();
        double Value(FixturePatient p) => variable == "followup_days" ? p.FollowupDays : p.Age;
        var centres = cohort.Sum(p => Math.Floor(Value(p) / unit) * unit + (unit - 1) / 2.0);
        var (status, body) = await AttackSite.Ask(site.Protected, "api/v1/summary", Summary(variable, new { diagnosis = "C18.9" }));
        Assert.Equal(HttpStatusCode.OK, status);
        var steps = (body.GetProperty("sum").GetDouble() - centres) / unit;
        Assert.Equal(Math.Round(steps), steps, 9);
        Assert.InRange(steps, -AttackSite.Policy.NoiseMax, AttackSite.Policy.NoiseMax);
        // The exact sum is not what is released unless every value sits on its band centre.
        Assert.False(body.TryGetProperty("min", out _), "extremes are off by default");
        var n = body.GetProperty("n").GetProperty("value").GetInt64();
        Assert.Equal(0, n % AttackSite.Policy.RoundingBase);
    }
}
