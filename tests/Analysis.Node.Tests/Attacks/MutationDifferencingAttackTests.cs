using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Route 7 of issue 11: mutation frequencies of cohorts one patient apart give that patient's mutated genes.</summary>
public sealed class MutationDifferencingAttackTests(AttackSite site) : IClassFixture<AttackSite>
{
    private static readonly string[] Genes = ["KRAS", "EGFR", "TP53", "PIK3CA"];

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Frequencies(RunningNode node, object filter) =>
        await AttackSite.Ask(node, "api/v1/mutations/frequency", new { filter, genes = Genes });

    private static Dictionary<string, long?> Carriers(JsonElement body) => body.GetProperty("genes").EnumerateArray()
        .ToDictionary(g => g.GetProperty("gene").GetString()!, g => g.GetProperty("carriers").TryGetProperty("value", out var v) ? v.GetInt64() : (long?)null);

    [Fact]
    public async Task Frequencies_of_n_against_n_minus_one_give_a_patients_genes_on_the_exact_node_only()
    {
        var (_, all) = await Frequencies(site.Exact, new { ageMax = 150 });
        var (_, rest) = await Frequencies(site.Exact, new { ageMax = 94 });
        var mutated = Genes.Where(g => Carriers(all)[g] - Carriers(rest)[g] == 1).ToList();
        Assert.Equal(["KRAS"], mutated);   // the oldest patient carries the rare KRAS variant and nothing else

        var first = await Frequencies(site.Protected, new { ageMax = 150 });
        var second = await Frequencies(site.Protected, new { ageMax = 94 });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        AttackSite.AssertLedgerRefusal(second.Status, second.Body);
    }

    [Fact]
    public async Task Carrier_counts_are_noisy_rounded_and_non_synonymous_by_default()
    {
        var (status, body) = await Frequencies(site.Protected, new { diagnosis = "C18.9" });
        Assert.Equal(HttpStatusCode.OK, status);
        var colorectal = site.Patients.Where(p => p.Snomed == "363406005").ToList();
        foreach (var (gene, released) in Carriers(body))
        {
            var truth = colorectal.Count(p => p.MafGenes.Contains(gene));
            if (released is not { } value) continue;
            Assert.Equal(0, value % 5);
            Assert.InRange(value, truth - 4, truth + 4);
        }
    }

    [Fact]
    public async Task With_no_classifications_given_only_non_synonymous_variants_count()
    {
        // The exact node, so the counts can be compared: a Silent variant added for 20 patients must not count by default.
        var silent = site.Patients.Skip(10).Take(20).ToList();
        await using var node = await RunningNode.StartAsync(site.Patients, RunningNode.ExactConfig(), dir => File.AppendAllLines(
            Path.Combine(dir, "mutations.maf"), silent.Select(p => $"BRCA2\t0\tchr13\t32316461\t32316461\tSilent\tSNP\tA\tG\t{p.Id}\tp.A1A")));
        var (_, byDefault) = await Frequencies(node, new { });
        var (_, all) = await AttackSite.Ask(node, "api/v1/mutations/frequency", new { genes = new[] { "BRCA2" }, classifications = new[] { "Silent", "Missense_Mutation" } });
        var (_, none) = await AttackSite.Ask(node, "api/v1/mutations/frequency", new { genes = new[] { "BRCA2" } });
        Assert.Equal(20, Carriers(all)["BRCA2"]);
        Assert.Null(Carriers(none)["BRCA2"]);
        Assert.Equal(site.Patients.Count(p => p.MafGenes.Contains("TP53")), Carriers(byDefault)["TP53"]);
    }
}
