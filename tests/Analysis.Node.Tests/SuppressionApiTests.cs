using System.Net;

namespace Analysis.Node.Tests;

public sealed class SuppressionApiTests
{
    [Fact]
    public async Task Counts_of_4_5_and_6_are_released_as_suppressed_5_and_6()
    {
        // The cell rule alone, as exact mode applies it (protected mode's noise and rounding are tested in Attacks/).
        await using var node = await RunningNode.StartAsync(SiteFixture.PerCancer(breast: 6, colorectal: 5, lung: 4), RunningNode.ExactConfig());
        foreach (var (code, expected) in new[] { ("254637007", (long?)null), ("C18.9", 5L), ("254837009", 6L) })
        {
            var (response, json) = await node.PostAsync("api/v1/count", new { filter = new { diagnosis = code } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cell = json.GetProperty("count");
            if (expected is null)
            {
                Assert.True(cell.GetProperty("suppressed").GetBoolean());
                Assert.Equal("<5", cell.GetProperty("display").GetString());
                Assert.False(cell.TryGetProperty("value", out _));
            }
            else
            {
                Assert.Equal(expected, cell.GetProperty("value").GetInt64());
            }
        }
    }
}

public sealed class RiskTableDisclosureTests
{
    private static async Task<List<System.Text.Json.JsonElement>> Strata(RunningNode node, string? strata)
    {
        var (response, json) = await node.PostAsync("api/v1/survival/risktable", new { strata });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. json.GetProperty("strata").EnumerateArray()];
    }

    [Fact]
    public async Task A_stratum_under_the_minimum_subset_size_is_withheld_whole()
    {
        // 6 breast, 30 colorectal, 30 lung: the breast stratum (6 < 10) must show no number at all, and (secondary
        // suppression) neither may one of the others, or the unstratified table minus the shown strata would rebuild it.
        await using var node = await RunningNode.StartAsync(SiteFixture.PerCancer(breast: 6, colorectal: 30, lung: 30), RunningNode.ExactConfig());
        var strata = await Strata(node, "diagnosis");
        foreach (var withheld in new[] { "254837009", "254637007" })
            foreach (var interval in strata.Single(s => s.GetProperty("stratum").GetString() == withheld).GetProperty("intervals").EnumerateArray())
                foreach (var cell in new[] { "atRisk", "events", "censored" })
                {
                    Assert.True(interval.GetProperty(cell).GetProperty("suppressed").GetBoolean(), $"{withheld} {cell} at {interval.GetProperty("start")}");
                    Assert.False(interval.GetProperty(cell).TryGetProperty("value", out _));
                }
        var colon = strata.Single(s => s.GetProperty("stratum").GetString() == "363406005");
        Assert.Equal(30, colon.GetProperty("intervals")[0].GetProperty("atRisk").GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task A_site_may_apply_the_cell_rule_to_every_risk_table_cell()
    {
        var config = RunningNode.DefaultConfig() with { Policy = new Analysis.Contracts.DisclosurePolicy { SuppressRiskTableCells = true, Mode = Analysis.Contracts.DisclosureMode.Exact } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(60, 3), config);
        var all = Assert.Single(await Strata(node, null));
        foreach (var interval in all.GetProperty("intervals").EnumerateArray())
        {
            var start = interval.GetProperty("start").GetInt32();
            var end = interval.GetProperty("end").GetInt32();
            Expect.Cell(node.Patients.Count(p => p.FollowupDays >= start && p.FollowupDays < end && p.Event == 1), interval.GetProperty("events"), $"events {start}");
        }
    }
}
