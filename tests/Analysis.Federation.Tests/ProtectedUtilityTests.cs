using Analysis.Contracts;
using Analysis.Node.Tests;
using Analysis.Stats;
using Xunit.Abstractions;

namespace Analysis.Federation.Tests;

/// <summary>Three real nodes of 1,000 patients each under the default (protected) policy, as issue 11's utility figures ask.</summary>
public sealed class ProtectedSites : IAsyncLifetime
{
    public static readonly string[] Names = ["oslo", "lyon", "porto"];

    public List<RunningNode> Nodes { get; } = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Names.Length; i++)
            Nodes.Add(await RunningNode.StartAsync(SiteFixture.Random(1000, 61 + i, Names[i]), RunningNode.DefaultConfig()));
    }

    public FederationClient Connect() => new(Nodes.Select((n, i) => ThreeSites.Site(Names[i], n.Server.Address.AbsoluteUri)));

    public IEnumerable<FixturePatient> Pooled => Nodes.SelectMany(n => n.Patients);

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}

/// <summary>What analysis keeps under the default policy: federated answers close to the pooled-data ones, and honest about not being exact.</summary>
public sealed class ProtectedUtilityTests(ProtectedSites sites, ITestOutputHelper output) : IClassFixture<ProtectedSites>
{
    private static readonly DisclosurePolicy Policy = new();

    [Fact]
    public async Task Kaplan_meier_is_within_0_02_of_the_pooled_curve_at_every_grid_time()
    {
        using var fed = sites.Connect();
        var km = await fed.Cohort().KaplanMeierAsync();
        Assert.False(km.IsExact);
        Assert.Contains(km.Caveats, c => c.Contains("protect", StringComparison.Ordinal) && c.Contains("approximate", StringComparison.Ordinal));
        // The pooled curve on the same grid: a death in [k*30, (k+1)*30) counts at the interval's end, as the risk table puts it.
        var rows = sites.Pooled.ToList();
        var pooled = Survival.KaplanMeier(ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["grid_time"] = [.. rows.Select(p => (object?)(double)((p.FollowupDays / Policy.SurvivalGridDays + 1) * Policy.SurvivalGridDays))],
            ["event"] = [.. rows.Select(p => (object?)(double)p.Event)],
        }), time: "grid_time", status: "event");
        var expected = pooled.Curves.Single();
        var actual = km.Result.Curves.Single();
        // Every grid time while the pooled number at risk is at least 100 (here up to about 2,900 of the 3,000 days of
        // follow-up); beyond it a handful of patients per site remain and the ±2 noise on an interval's deaths moves the
        // curve by more than 0.02 (reported below, not asserted; docs/privacy.md).
        double worst = 0, tailWorst = 0;
        for (var t = 0.0; t <= expected.Times[^1]; t += Policy.SurvivalGridDays)
        {
            var gap = Math.Abs(At(expected, t) - At(actual, t));
            var atRisk = rows.Count(p => p.FollowupDays >= t);
            if (atRisk < 100)
            {
                tailWorst = Math.Max(tailWorst, gap);
                continue;
            }
            worst = Math.Max(worst, gap);
            Assert.True(gap <= 0.02, $"S({t}): pooled {At(expected, t):0.0000}, federated {At(actual, t):0.0000}");
        }
        output.WriteLine($"largest |S_federated - S_pooled| over the grid with >= 100 at risk: {worst:0.0000}; in the tail: {tailWorst:0.0000}");
    }

    [Fact]
    public async Task Counts_are_within_the_rounding_base_and_noise_of_the_truth_and_say_they_are_approximate()
    {
        using var fed = sites.Connect();
        var bound = Policy.NoiseMax + Policy.RoundingBase / 2;
        foreach (var (cohort, truth) in new (Cohort Cohort, Func<FixturePatient, bool> Truth)[]
                 {
                     (fed.Cohort(), _ => true),
                     (fed.Cohort().Diagnosis(Snomed.ColonCancer), p => p.Snomed == "363406005"),
                     (fed.Cohort().AgeAtDiagnosis(50, 69), p => p.Age is >= 50 and <= 69),
                 })
        {
            var count = await cohort.CountAsync();
            Assert.False(count.IsExact);
            for (var i = 0; i < sites.Nodes.Count; i++)
            {
                var site = count[ProtectedSites.Names[i]].Value!;
                var exact = sites.Nodes[i].Patients.Count(truth);
                Assert.InRange(site.N, exact - bound, exact + bound);
                Assert.Equal(0, site.N % Policy.RoundingBase);
            }
            var total = sites.Pooled.Count(truth);
            Assert.InRange(count.Result.N, total - 3 * bound, total + 3 * bound);
            output.WriteLine($"count {count.Result.N} against {total}");
        }
    }

    [Fact]
    public async Task The_sites_show_their_policy()
    {
        using var fed = sites.Connect();
        var text = fed.Sites.ToString();
        foreach (var name in ProtectedSites.Names) Assert.Contains($"{name}: up", text);
        Assert.Contains("protected mode (counts perturbed by up to ±2 and rounded to 5, ages in 5-year bands, follow-up on a 30-day grid", text);
        Assert.Contains("cells <5 suppressed", text);
    }

    private static double At(SurvivalCurve curve, double t)
    {
        var s = 1.0;
        for (var i = 0; i < curve.Times.Count && curve.Times[i] <= t; i++) s = curve.Survival[i];
        return s;
    }
}
