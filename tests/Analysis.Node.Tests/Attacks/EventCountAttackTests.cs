using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Route 6 of issue 11, its count part: event counts of cohorts one patient apart reveal that patient's vital status.</summary>
public sealed class EventCountAttackTests(AttackSite site) : IClassFixture<AttackSite>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Events(RunningNode node, object filter) =>
        await AttackSite.Ask(node, "api/v1/crosstab", new { rows = "event", columns = "stage_group", filter });

    private static long Deaths(JsonElement crosstab) => crosstab.GetProperty("cells").EnumerateArray()
        .Where(c => c.GetProperty("row").GetString() == "1").Sum(c => c.GetProperty("count").TryGetProperty("value", out var v) ? v.GetInt64() : 0);

    [Fact]
    public async Task Events_of_n_against_n_minus_one_reveal_a_vital_status_on_the_exact_node_only()
    {
        var (_, all) = await Events(site.Exact, new { ageMax = 150 });
        var (_, rest) = await Events(site.Exact, new { ageMax = 94 });
        // Shown cells only: with 400 patients every (event, stage) cell is over the threshold, so the difference is the patient's event.
        Assert.Equal(site.Oldest.Event, Deaths(all) - Deaths(rest));

        var first = await Events(site.Protected, new { ageMax = 150 });
        var second = await Events(site.Protected, new { ageMax = 94 });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        AttackSite.AssertLedgerRefusal(second.Status, second.Body);
    }

    [Fact]
    public async Task Event_counts_of_cohorts_ten_or_more_apart_carry_noise_keyed_to_their_patients()
    {
        // Allowed cohorts (whole bands apart) still differ by noisy, rounded cells: the deaths of one band cannot be read off exactly.
        var (s1, young) = await Events(site.Protected, new { ageMax = 59 });
        var (s2, older) = await Events(site.Protected, new { ageMax = 64 });
        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal(HttpStatusCode.OK, s2);
        foreach (var cell in young.GetProperty("cells").EnumerateArray().Concat(older.GetProperty("cells").EnumerateArray()))
            if (cell.GetProperty("count").TryGetProperty("value", out var v)) Assert.Equal(0, v.GetInt64() % 5);
    }
}
