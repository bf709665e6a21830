using Analysis.Node.Tests;

namespace Analysis.Federation.Tests;

/// <summary>Mutation frequencies from three real nodes; expected carriers counted from the fixture patients each node holds.</summary>
public sealed class FederatedMutationTests(ThreeSites three) : IClassFixture<ThreeSites>
{
    private const int Threshold = 5;
    private static readonly string[] FixtureGenes = [.. SiteFixture.Genes.Select(g => g.Symbol)];

    private FederationClient Connect(params Site[] extra) =>
        new([.. three.Sites(), .. extra], new FederationOptions { SiteTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 1 });

    private static int Carriers(RunningNode node, string gene, Func<FixturePatient, bool>? cohort = null) =>
        node.Patients.Where(cohort ?? (_ => true)).Count(p => p.MafGenes.Contains(gene));

    private void AssertPooled(Federated<MutationFrequencies> result, string gene, IReadOnlyList<int> answering, Func<FixturePatient, bool>? cohort = null)
    {
        var pooled = result.Result[gene];
        var truth = answering.Select(i => (Site: ThreeSites.Names[i], Count: Carriers(three.Nodes[i], gene, cohort))).ToList();
        Assert.Equal(truth.Where(t => t.Count >= Threshold).Sum(t => t.Count), pooled.Carriers.N);
        Assert.Equal(answering.Sum(i => three.Nodes[i].Patients.Count(cohort ?? (_ => true))), pooled.Patients);
        Assert.Equal(truth.Where(t => t.Count < Threshold).Select(t => t.Site), pooled.SuppressedAt);
        Assert.Equal(truth.Any(t => t.Count < Threshold), pooled.IsLowerBound);
        foreach (var (site, count) in truth)
        {
            var cell = result[site].Value![gene];
            Assert.Equal(count < Threshold ? 0 : count, cell.Carriers.N);
            Assert.Equal(count < Threshold, cell.IsLowerBound);
            Assert.Equal(count < Threshold ? $"<{Threshold}" : count.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.Carriers.Display);
        }
    }

    [Fact]
    public async Task Top_genes_are_pooled_over_every_site_with_suppressed_cells_marked()
    {
        using var fed = Connect();
        var result = await fed.Cohort().MutationFrequenciesAsync(top: 3);
        Assert.True(result.IsComplete);
        var pooledGenes = result.Result.Genes;
        Assert.Equal(3, pooledGenes.Count);
        Assert.Equal(pooledGenes.OrderByDescending(p => p.Carriers.N).Select(p => p.Carriers.N), pooledGenes.Select(p => p.Carriers.N));
        var expectedTop = FixtureGenes.Select(g => (Gene: g, Shown: Enumerable.Range(0, 3).Sum(i => Carriers(three.Nodes[i], g) is var c and >= Threshold ? c : 0)))
            .OrderByDescending(g => g.Shown).ThenBy(g => g.Gene, StringComparer.Ordinal).Take(3).Select(g => g.Gene);
        Assert.Equal(expectedTop, pooledGenes.Select(p => p.Gene));
        foreach (var gene in pooledGenes) AssertPooled(result, gene.Gene, [0, 1, 2]);
        Assert.Contains(pooledGenes.Select(p => p.Gene), g => result.PerSite.All(s => s.Value!.Find(g) is not null));
        Assert.Contains("oslo: included (n = 120)", result.ToString());
        Assert.Equal(3, result.ToFrame().RowCount);
    }

    [Fact]
    public async Task Named_genes_keep_their_order_and_an_absent_gene_is_a_lower_bound_of_zero()
    {
        using var fed = Connect();
        var result = await fed.Cohort().MutationFrequenciesAsync(genes: ["TP53", "BRCA1", "KRAS"]);
        Assert.Equal(["TP53", "BRCA1", "KRAS"], result.Result.Genes.Select(p => p.Gene));
        foreach (var gene in new[] { "TP53", "BRCA1", "KRAS" }) AssertPooled(result, gene, [0, 1, 2]);
        Assert.Equal(0, result.Result["BRCA1"].Carriers.N);
        Assert.True(result.Result["BRCA1"].IsLowerBound);
        Assert.StartsWith("BRCA1: ≥0/243", result.Result["BRCA1"].ToString());
        Assert.Contains("BRCA1", Assert.Single(result.Caveats, c => c.StartsWith("carriers under a site's cell threshold", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_site_refusing_a_small_cohort_is_kept_with_its_reason_and_left_out_of_the_pool()
    {
        using var fed = Connect();
        Func<FixturePatient, bool> breast = p => p.Snomed == "254837009";
        var result = await fed.Cohort().Diagnosis(Snomed.BreastCancer).MutationFrequenciesAsync(genes: FixtureGenes);
        Assert.False(result.IsComplete);
        var porto = result["porto"];
        Assert.False(porto.Answered);
        Assert.Contains("minimum subset size", porto.Failure);
        foreach (var gene in FixtureGenes) AssertPooled(result, gene, [0, 1], breast);
        Assert.Contains("porto: left out (", result.ToString());
    }

    [Fact]
    public async Task A_site_that_is_down_gives_a_partial_result()
    {
        using var fed = Connect(ThreeSites.Site("tartu", $"http://127.0.0.1:{FakeSite.FreePort()}/"));
        var result = await fed.Cohort().MutationFrequenciesAsync(top: 4);
        var tartu = result["tartu"];
        Assert.False(tartu.Answered);
        Assert.NotNull(tartu.Failure);
        Assert.False(result.IsComplete);
        foreach (var gene in result.Result.Genes) AssertPooled(result, gene.Gene, [0, 1, 2]);
    }

    [Fact]
    public async Task Only_the_classifications_asked_for_count()
    {
        using var fed = Connect();
        // Every fixture variant is a Missense_Mutation.
        var result = await fed.Cohort().MutationFrequenciesAsync(top: 5, classifications: ["Silent"]);
        Assert.Empty(result.Result.Genes);
        Assert.All(result.PerSite, s => Assert.True(s.Answered));
    }

    [Fact]
    public async Task Bad_arguments_fail_before_any_request()
    {
        using var fed = Connect();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fed.Cohort().MutationFrequenciesAsync(top: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fed.Cohort().MutationFrequenciesAsync(top: 501));
        await Assert.ThrowsAsync<ArgumentException>(() => fed.Cohort().MutationFrequenciesAsync(genes: []));
        await Assert.ThrowsAsync<InvalidOperationException>(() => new Cohort().MutationFrequenciesAsync());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fed.Cohort().MutationFrequenciesAsync(cancellationToken: cancelled.Token));
    }
}
