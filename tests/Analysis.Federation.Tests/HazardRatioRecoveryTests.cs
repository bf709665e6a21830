using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Configuration;
using Analysis.Node.Http;
using Analysis.Node.Ingest;
using Analysis.Node.Tests;
using Analysis.Synthetic;

namespace Analysis.Federation.Tests;

/// <summary>Three sites of the synthetic generator (different age, stage and treatment mixes, one true survival model).</summary>
public sealed class SyntheticSites : IAsyncLifetime
{
    private readonly List<(string Directory, NodeServer Server)> nodes = [];

    public static readonly string[] Names = ["oslo", "lyon", "porto"];

    public JsonElement TrueHazardRatios { get; private set; }

    public async Task InitializeAsync()
    {
        foreach (var (name, i) in Names.Select((n, i) => (n, i)))
        {
            var dir = SiteFixture.NewDirectory();
            SiteDataWriter.Write(new GeneratorOptions { Site = name, Patients = 2500, Seed = 100 + (ulong)i, Cancers = [CancerType.Colorectal] }, dir);
            var report = new SiteIngestor(dir).Ingest();
            Assert.True(report.Succeeded, string.Join("; ", report.Errors.Select(e => e.Message)));
            nodes.Add((dir, await NodeServer.StartAsync(dir, RunningNode.DefaultConfig(), 0)));
            if (i == 0)
                TrueHazardRatios = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, SiteDataWriter.MetadataFile))).RootElement
                    .GetProperty("hazardRatios").GetProperty("colorectal").Clone();
        }
    }

    public FederationClient Connect() => new(nodes.Select((n, i) => ThreeSites.Site(Names[i], n.Server.Address.AbsoluteUri)));

    public async Task DisposeAsync()
    {
        foreach (var (dir, server) in nodes)
        {
            await server.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}

public sealed class HazardRatioRecoveryTests(SyntheticSites sites) : IClassFixture<SyntheticSites>
{
    [Fact]
    public async Task Federated_cox_recovers_the_generators_hazard_ratios_within_their_confidence_intervals()
    {
        using var fed = sites.Connect();
        var cox = await fed.Cohort().Diagnosis(Snomed.ColonCancer).CoxAsync("stage_group", "age_at_diagnosis", "kras");
        // The sites run the default (protected) policy: the fit is approximate, and says so, yet recovers the truth.
        Assert.True(cox.IsComplete, cox.ToString());
        Assert.Contains(cox.Caveats, c => c.Contains("perturb their statistics", StringComparison.Ordinal));
        var truth = sites.TrueHazardRatios;
        // The generator's age term is per 10 years above 60; the node's is per year.
        var expected = new (string Term, double TrueLogHr)[]
        {
            ("stage_group=II", Math.Log(truth.GetProperty("stage_II").GetDouble())),
            ("stage_group=III", Math.Log(truth.GetProperty("stage_III").GetDouble())),
            ("stage_group=IV", Math.Log(truth.GetProperty("stage_IV").GetDouble())),
            ("age_at_diagnosis", Math.Log(truth.GetProperty("age_per_10y").GetDouble()) / 10),
            ("kras=present", Math.Log(truth.GetProperty("kras_mutant").GetDouble())),
        };
        foreach (var (term, logHr) in expected)
        {
            var fitted = cox.Result[term];
            // 99.9% intervals: five terms at 95% would miss one in four fits by chance alone.
            Assert.True(Math.Abs(fitted.Coefficient - logHr) < 3.29 * fitted.StandardError,
                $"{term}: true HR {Math.Exp(logHr):0.###}, fitted {fitted.HazardRatio:0.###} [{fitted.Lower:0.###}, {fitted.Upper:0.###}]");
            Assert.True(fitted.Lower <= fitted.HazardRatio && fitted.HazardRatio <= fitted.Upper);
        }
        Assert.True(cox.Result.N > 6000, cox.Result.N.ToString());
    }

    [Fact]
    public async Task Stage_separates_the_pooled_survival_curves()
    {
        using var fed = sites.Connect();
        var km = await fed.Cohort().Diagnosis(Snomed.ColonCancer).KaplanMeierAsync("stage_group");
        Assert.True(km.Result.LogRank!.PValue < 1e-10, km.Result.LogRank.ToString());
        var fiveYears = 5 * 365.25;
        Assert.True(km.Result["I"].At(fiveYears) > km.Result["IV"].At(fiveYears) + 0.3, km.Result.ToString());
    }
}
