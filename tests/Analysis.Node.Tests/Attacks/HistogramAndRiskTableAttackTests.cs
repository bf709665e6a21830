using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Route 5 of issue 11: histogram bins intersected, risk tables differenced, a withheld stratum rebuilt.</summary>
public sealed class HistogramAndRiskTableAttackTests(AttackSite site) : IClassFixture<AttackSite>
{
    [Fact]
    public async Task Intersecting_bin_edges_narrow_a_follow_up_on_the_exact_node_and_are_refused_by_the_protected_one()
    {
        // Exact node: bins of 30 and 31 days overlap in windows of a day or two, which can place a follow-up finer than the grid.
        foreach (var width in new[] { 31, 32, 45 })
        {
            var (exact, _) = await AttackSite.Ask(site.Exact, "api/v1/histogram", new { variable = "followup_days", binWidth = width });
            Assert.Equal(HttpStatusCode.OK, exact);
            var (status, body) = await AttackSite.Ask(site.Protected, "api/v1/histogram", new { variable = "followup_days", binWidth = width });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("binWidth", body.GetProperty("field").GetString());
            Assert.Contains("multiple of 30", body.GetProperty("detail").GetString());
        }
        var (ageStatus, ageBody) = await AttackSite.Ask(site.Protected, "api/v1/histogram", new { variable = "age_at_diagnosis", binWidth = 7 });
        Assert.Equal(HttpStatusCode.BadRequest, ageStatus);
        Assert.Contains("multiple of 5", ageBody.GetProperty("detail").GetString());

        // What is allowed has edges on the grid (multiples of 30 from 0), so any two histograms share their edges' resolution.
        var (ok, histogram) = await AttackSite.Ask(site.Protected, "api/v1/histogram", new { variable = "followup_days", binWidth = 90 });
        Assert.Equal(HttpStatusCode.OK, ok);
        foreach (var bin in histogram.GetProperty("bins").EnumerateArray())
        {
            Assert.Equal(0, bin.GetProperty("lower").GetInt64() % 30);
            if (bin.GetProperty("count").TryGetProperty("value", out var v)) Assert.Equal(0, v.GetInt64() % 5);
        }
        // The default width (a year) is rounded to whole grid intervals: 360 days.
        var (_, byDefault) = await AttackSite.Ask(site.Protected, "api/v1/histogram", new { variable = "followup_days" });
        Assert.Equal(360, byDefault.GetProperty("binWidth").GetInt32());
    }

    [Fact]
    public async Task Two_risk_tables_one_patient_apart_are_not_both_answered()
    {
        // Exact node: the difference of the two tables is the oldest patient's interval and vital status.
        var exactAll = await RiskTable(site.Exact, new { ageMax = 150 });
        var exactRest = await RiskTable(site.Exact, new { ageMax = 94 });
        var interval = site.Oldest.FollowupDays / 30;
        var cell = site.Oldest.Event == 1 ? "events" : "censored";
        Assert.Equal(1, Value(exactAll, interval, cell) - Value(exactRest, interval, cell));

        var first = await AttackSite.Ask(site.Protected, "api/v1/survival/risktable", new { filter = new { ageMax = 150 } });
        var second = await AttackSite.Ask(site.Protected, "api/v1/survival/risktable", new { filter = new { ageMax = 94 } });
        // Everyone is asked first (other tests of this class ask it too), so the one-patient-smaller cohort is the refused one.
        Assert.Equal(HttpStatusCode.OK, first.Status);
        AttackSite.AssertLedgerRefusal(second.Status, second.Body);
    }

    [Fact]
    public async Task A_withheld_stratum_cannot_be_rebuilt_from_the_unstratified_table()
    {
        // Strata by age group: the 90-99 group holds the oldest patient and a few more, under the minimum subset.
        foreach (var node in new[] { site.Protected, site.Exact })
        {
            var (status, body) = await AttackSite.Ask(node, "api/v1/survival/risktable", new { strata = "age_group", filter = new { ageMin = 0 } });
            Assert.Equal(HttpStatusCode.OK, status);
            var strata = body.GetProperty("strata").EnumerateArray().ToList();
            var withheld = strata.Where(s => !s.GetProperty("intervals")[0].GetProperty("atRisk").TryGetProperty("value", out _)).ToList();
            Assert.Contains(withheld, s => s.GetProperty("stratum").GetString() == "90-99");
            // Never exactly one withheld stratum: the unstratified table minus the shown strata gives only their sum.
            Assert.True(withheld.Count >= 2, $"{withheld.Count} withheld strata");
        }
    }

    [Fact]
    public async Task Risk_table_cells_are_perturbed_by_the_noise_of_their_own_patients()
    {
        var shown = await CheckLungTable(site.Protected, minAtRisk: 0);
        // By default every interval is released (the client decides where a pooled curve is too noisy).
        Assert.Equal(shown.Intervals, shown.Shown);
    }

    [Fact]
    public async Task A_site_may_stop_its_risk_tables_where_few_remain_at_risk()
    {
        var policy = new Analysis.Contracts.DisclosurePolicy { RiskTableMinAtRisk = 30 };
        await using var node = await RunningNode.StartAsync(site.Patients, RunningNode.DefaultConfig() with { Policy = policy });
        var (shown, intervals) = await CheckLungTable(node, policy.RiskTableMinAtRisk);
        Assert.True(shown < intervals, "a table of a hundred-odd patients must stop before its last interval");
        // It stops where the released number at risk falls under 30: the true number is then within the noise of it
        // (each of the two cumulative counts within ±2 of the truth at both ends).
        var remaining = site.Patients.Count(p => p.Snomed == "254637007" && p.FollowupDays >= shown * 30);
        Assert.True(remaining < policy.RiskTableMinAtRisk + 4 * AttackSite.Policy.NoiseMax, $"the table stops at interval {shown} with {remaining} patients still at risk");
    }

    /// <summary>Checks the lung-cancer risk table's released cells against the truth; returns the intervals shown and in all.</summary>
    private async Task<(int Shown, int Intervals)> CheckLungTable(RunningNode node, int minAtRisk)
    {
        var table = await RiskTable(node, new { diagnosis = "254637007" });
        var lung = site.Patients.Where(p => p.Snomed == "254637007").ToList();
        var intervals = table.GetProperty("strata")[0].GetProperty("intervals").EnumerateArray().ToList();
        var noise = AttackSite.Policy.NoiseMax;
        int differs = 0, shown = 0;
        long releasedDeaths = 0, releasedCensored = 0;
        for (var k = 0; k < intervals.Count; k++)
        {
            if (!intervals[k].GetProperty("atRisk").TryGetProperty("value", out var atRisk))
            {
                // The table stops: from the first withheld interval on, every cell is withheld.
                Assert.All(intervals.Skip(k), i => Assert.All(new[] { "atRisk", "events", "censored" },
                    c => Assert.False(i.GetProperty(c).TryGetProperty("value", out _), $"interval {k}: {c} shown after the table stopped")));
                break;
            }
            shown++;
            Assert.True(atRisk.GetInt64() >= minAtRisk, $"interval {k}: {atRisk.GetInt64()} at risk is shown");
            var truth = lung.Count(p => p.FollowupDays / 30 == k && p.Event == 1);
            var released = intervals[k].GetProperty("events").GetProperty("value").GetInt64();
            releasedDeaths += released;
            releasedCensored += intervals[k].GetProperty("censored").GetProperty("value").GetInt64();
            // Deaths and censorings up to the interval's end carry the noise of those patients: within the bound of the
            // truth at every interval, so the error does not grow along the table.
            var deathsSoFar = lung.Count(p => p.FollowupDays / 30 <= k && p.Event == 1);
            var censoredSoFar = lung.Count(p => p.FollowupDays / 30 <= k && p.Event == 0);
            Assert.InRange(releasedDeaths, deathsSoFar - noise, deathsSoFar + noise);
            Assert.InRange(releasedCensored, censoredSoFar - noise, censoredSoFar + noise);
            // An interval where nobody died selects the same patients as the one before: the same noise, 0 deaths.
            if (truth == 0) Assert.Equal(0, released);
            if (released != truth) differs++;
        }
        // Over dozens of intervals some must be perturbed.
        Assert.True(differs > 0);
        return (shown, intervals.Count);
    }

    private static async Task<JsonElement> RiskTable(RunningNode node, object filter)
    {
        var (status, body) = await AttackSite.Ask(node, "api/v1/survival/risktable", new { filter });
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private static long Value(JsonElement table, int interval, string cell) =>
        table.GetProperty("strata")[0].GetProperty("intervals")[interval].GetProperty(cell).GetProperty("value").GetInt64();
}
