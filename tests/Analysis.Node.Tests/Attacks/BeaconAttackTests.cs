using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Route 8 of issue 11: Beacon individuals differenced by age, and g_variants ranges halved to locate a rare variant.</summary>
public sealed class BeaconAttackTests(AttackSite site) : IClassFixture<AttackSite>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Individuals(RunningNode node, params object[] filters)
    {
        using var client = node.ClientFor(RunningNode.BeaconToken);
        return await AttackSite.Ask(node, "api/individuals", new { query = new { filters, requestedGranularity = "count" } }, client);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Variants(RunningNode node, string query)
    {
        using var client = node.ClientFor(RunningNode.BeaconToken);
        using var response = await client.GetAsync("api/g_variants?" + query);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static long? Total(JsonElement body) =>
        body.GetProperty("responseSummary").TryGetProperty("numTotalResults", out var n) && body.GetProperty("responseSummary").GetProperty("exists").GetBoolean()
            ? n.GetInt64() : null;

    private static object AgeAtMost(int age) => new { id = "age", @operator = "<=", value = age.ToString() };

    [Fact]
    public async Task Individuals_by_age_a_year_apart_recover_a_suppressed_count_on_the_exact_node_only()
    {
        var (_, upTo97) = await Individuals(site.Exact, AgeAtMost(AttackSite.OldestAge));
        var (_, upTo96) = await Individuals(site.Exact, AgeAtMost(AttackSite.OldestAge - 1));
        Assert.Equal(1, Total(upTo97) - Total(upTo96));

        var (status, body) = await Individuals(site.Protected, AgeAtMost(AttackSite.OldestAge - 1));
        AttackSite.AssertBandRefusal(status, body, "query.filters[0].value");
        // On the bands: everyone, then everyone up to 94, one patient apart: the ledger refuses the second.
        var everyone = await Individuals(site.Protected);
        var upTo94 = await Individuals(site.Protected, AgeAtMost(94));
        Assert.Equal(HttpStatusCode.OK, everyone.Status);
        AttackSite.AssertLedgerRefusal(upTo94.Status, upTo94.Body);
        Assert.Equal("rounded", everyone.Body.GetProperty("responseSummary").GetProperty("countPrecision").GetString());
    }

    [Fact]
    public async Task Range_bisection_locates_a_single_carrier_variant_on_the_exact_node_only()
    {
        // Exact node: the rare variant's own count is withheld, but two ranges that both hold the common variant differ by it.
        var (_, own) = await Variants(site.Exact, $"referenceName=12&start={AttackSite.RarePosition - 1}");
        Assert.Null(Total(own));
        var (_, with) = await Variants(site.Exact, $"referenceName=12&start={AttackSite.CommonPosition - 2}&end={AttackSite.RarePosition}");
        var (_, without) = await Variants(site.Exact, $"referenceName=12&start={AttackSite.CommonPosition - 2}&end={AttackSite.RarePosition - 1}");
        Assert.Equal(1, Total(with) - Total(without));

        // Protected: a free range is refused, naming the rule.
        var (status, body) = await Variants(site.Protected, $"referenceName=12&start={AttackSite.CommonPosition - 2}&end={AttackSite.RarePosition}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("query.requestParameters.end", body.GetProperty("field").GetString());
        Assert.Contains("within one gene", body.GetProperty("detail").GetString());

        // Within one gene a range is allowed, but the gene's carriers and the same minus the rare carrier are one patient apart.
        var (geneStatus, _) = await Variants(site.Protected, "geneId=KRAS");
        Assert.Equal(HttpStatusCode.OK, geneStatus);
        var (narrowStatus, narrow) = await Variants(site.Protected, $"geneId=KRAS&referenceName=12&start={AttackSite.CommonPosition - 2}&end={AttackSite.RarePosition - 1}");
        AttackSite.AssertLedgerRefusal(narrowStatus, narrow);
    }

    [Fact]
    public async Task A_single_carrier_variant_is_not_found_in_either_granularity()
    {
        foreach (var granularity in new[] { "boolean", "count" })
        {
            var (status, body) = await Variants(site.Protected, $"referenceName=12&start={AttackSite.RarePosition - 1}&requestedGranularity={granularity}");
            Assert.Equal(HttpStatusCode.OK, status);
            var summary = body.GetProperty("responseSummary");
            Assert.False(summary.GetProperty("exists").GetBoolean());
            if (granularity == "count")
            {
                Assert.Equal(0, summary.GetProperty("numTotalResults").GetInt64());
                Assert.Equal("imprecise", summary.GetProperty("countPrecision").GetString());
            }
        }
        // A range of one base (end = start + 1) is an exact position and answers the same.
        var (_, single) = await Variants(site.Protected, $"referenceName=12&start={AttackSite.RarePosition - 1}&end={AttackSite.RarePosition}");
        Assert.False(single.GetProperty("responseSummary").GetProperty("exists").GetBoolean());
    }
}
