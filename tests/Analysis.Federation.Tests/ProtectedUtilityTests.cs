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
        // The federated curve is reported while the pooled released number at risk is at least 15 times the sites'
        // summed noise bound (90 here); at every grid time up to there it is within 0.02 of the pooled curve.
        var reported = actual.Times[^1];
        double worst = 0;
        for (var t = 0.0; t <= reported; t += Policy.SurvivalGridDays)
        {
            var gap = Math.Abs(At(expected, t) - At(actual, t));
            worst = Math.Max(worst, gap);
            Assert.True(gap <= 0.02, $"S({t}): pooled {At(expected, t):0.0000}, federated {At(actual, t):0.0000}");
        }
        // The cut costs little: follow-up runs to 3,000 days, and the curve goes on while 90 patients (3% of them) remain,
        // past day 2,800; the result says where it stops and why.
        Assert.InRange(reported, 2_800, expected.Times[^1]);
        Assert.Contains(km.Caveats, c => c.StartsWith($"the curve stops at day {reported:0}: from there fewer than 90 patients remain at risk in all", StringComparison.Ordinal));
        // Released numbers at risk are within 2 × 3 sites × ±2 of the truth: the last reported interval started with about
        // 90 or more at risk, the next with fewer.
        var slack = 2 * ProtectedSites.Names.Length * Policy.NoiseMax;
        Assert.True(rows.Count(p => p.FollowupDays >= reported - Policy.SurvivalGridDays) >= 90 - slack, $"stopped at day {reported} too early");
        Assert.True(rows.Count(p => p.FollowupDays >= reported) < 90 + slack, $"stopped at day {reported} too late");
        output.WriteLine($"largest |S_federated - S_pooled| over the {reported / Policy.SurvivalGridDays:0} grid times reported (to day {reported:0} of {expected.Times[^1]:0}): {worst:0.0000}");
    }

    [Fact]
    public async Task A_stratum_every_site_withholds_has_no_curve_and_a_lone_stratum_says_why_there_is_no_log_rank_test()
    {
        using var fed = sites.Connect();
        // HER2 within breast cancer: levels come from the whole site, so a level no breast patient has is an empty
        // stratum every site withholds, and secondary suppression withholds the smallest other one with it.
        var km = await fed.Cohort().Diagnosis(Snomed.BreastCancer).KaplanMeierAsync(Variable.Her2);
        foreach (var caveat in km.Caveats) output.WriteLine(caveat);
        var curve = Assert.Single(km.Result.Curves);
        Assert.Null(km.Result.LogRank);
        Assert.Contains(km.Caveats, c => c.StartsWith($"no log-rank test: only stratum '{curve.Stratum}' has a curve after disclosure control (withheld: ", StringComparison.Ordinal));
        var withheld = km.Caveats.Where(c => c.StartsWith("stratum '", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(withheld);
        // Withheld by all three: the caveat says it has no curve, never that its curve covers the other sites.
        Assert.All(withheld, c => Assert.EndsWith("withheld by every site (too few patients, or cells suppressed): it has no curve", c));
        Assert.DoesNotContain(km.Caveats, c => c.Contains("covers the other sites", StringComparison.Ordinal));
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
