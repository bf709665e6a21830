using Analysis.Node.Tests;

namespace Analysis.Federation.Tests;

public sealed class CountTests(ThreeSites sites) : IClassFixture<ThreeSites>
{
    // A generous timeout: a busy CI machine can take seconds to answer, and only the slow-site test relies on a
    // timeout (its fake site never answers at all).
    private static readonly FederationOptions Fast = new() { SiteTimeout = TimeSpan.FromSeconds(30), RetryDelay = TimeSpan.FromMilliseconds(20) };

    private FederationClient Connect(params Site[] extra) => new([.. sites.Sites(), .. extra], Fast);

    private static bool BreastWomen40To70(FixturePatient p) => p.Snomed == "254837009" && p.Sex == "female" && p.Age is >= 40 and <= 70;

    [Fact]
    public async Task Total_is_the_sum_of_the_sites_counts()
    {
        using var fed = Connect();
        var count = await fed.Cohort().Diagnosis(Snomed.ColonCancer).CountAsync();
        var expected = sites.Nodes.Select(n => n.Patients.Count(p => p.Snomed == "363406005")).ToList();
        Assert.All(expected, n => Assert.True(n >= 5));
        Assert.Equal(expected.Sum(), count.Result.N);
        Assert.Equal(expected.Select(n => (long?)n), count.PerSite.Select(s => (long?)s.Value!.N));
        Assert.Equal(expected.Select(n => (long?)n), count.Sites.Select(s => s.Patients));
        Assert.False(count.Result.IsLowerBound);
        Assert.True(count.IsExact);
        Assert.Equal(ThreeSites.Names, count.Sites.Select(s => s.Site));
        Assert.Equal(expected.Sum(), ((Count)count).N);
    }

    [Fact]
    public async Task A_full_typed_filter_matches_direct_counts_and_small_ones_are_suppressed()
    {
        using var fed = Connect();
        var count = await fed.Cohort().Diagnosis(Snomed.BreastCancer).AgeAtDiagnosis(40, 70).Sex(Sex.Female)
            .Stage(StageGroup.II, StageGroup.III).Biomarker(Er.Positive).CountAsync();
        for (var i = 0; i < sites.Nodes.Count; i++)
        {
            var n = sites.Nodes[i].Patients.Count(p => BreastWomen40To70(p) && p.Stage is "II" or "III" && p.Er == "positive");
            var site = count.PerSite[i].Value!;
            if (n < 5)
            {
                Assert.True(site.IsLowerBound);
                Assert.Equal("<5", site.Display);
            }
            else
            {
                Assert.Equal(n, site.N);
                Assert.False(site.IsLowerBound);
            }
        }
    }

    [Fact]
    public async Task Suppression_shows_under_five_and_makes_the_total_a_lower_bound()
    {
        using var fed = Connect();
        var count = await fed.Cohort().Diagnosis(Snomed.BreastCancer).CountAsync();
        var porto = count["porto"];
        Assert.True(porto.Value!.IsLowerBound);
        Assert.True(porto.Answered);
        Assert.Equal("<5", porto.Value.Display);
        Assert.True(count.Result.IsLowerBound);
        var shown = sites.Nodes.Take(2).Sum(n => n.Patients.Count(p => p.Snomed == "254837009"));
        Assert.Equal(shown, count.Result.N);
        Assert.Equal($"≥{shown}", count.Result.Display);
        Assert.True(count.IsComplete);
        Assert.False(count.IsExact);
        Assert.Contains("porto (<5) withheld its count", Assert.Single(count.Caveats));
        Assert.StartsWith($"≥{shown}", count.ToString());
        Assert.Contains("<5", count.ToString());
    }

    [Fact]
    public async Task Mutations_filter_on_the_maf()
    {
        using var fed = Connect();
        var count = await fed.Cohort().Mutation("TP53").CountAsync();
        var expected = sites.Nodes.Select(n => n.Patients.Count(p => p.MafGenes.Contains("TP53"))).ToList();
        Assert.Equal(expected.Where(n => n >= 5).Sum(), count.Result.N);
    }

    [Fact]
    public async Task A_site_that_is_down_gives_a_partial_result_naming_it()
    {
        using var fed = Connect(ThreeSites.Site("tartu", $"http://127.0.0.1:{FakeSite.FreePort()}/"));
        var count = await fed.Cohort().Diagnosis(Snomed.ColonCancer).CountAsync();
        var tartu = count["tartu"];
        Assert.False(tartu.Answered);
        Assert.StartsWith("unreachable", tartu.Failure);
        Assert.True(count.Result.IsLowerBound);
        Assert.False(count.IsComplete);
        Assert.Equal(sites.Nodes.Sum(n => n.Patients.Count(p => p.Snomed == "363406005")), count.Result.N);
        Assert.Contains("tartu: left out (unreachable", count.ToString());
    }

    [Fact]
    public async Task A_slow_site_times_out_while_the_others_answer()
    {
        await using var slow = FakeSite.Sleeping();
        using var fed = new FederationClient([.. sites.Sites(), ThreeSites.Site("milan", slow.Url)], Fast with { SiteTimeout = TimeSpan.FromSeconds(5) });
        var count = await fed.Cohort().CountAsync();
        // The slow site was given up with a timeout (one request: the retry budget is inside the timeout) while the others answered.
        Assert.Equal("timed out after 5 s", count["milan"].Failure);
        Assert.Equal(1, slow.Requests);
        Assert.All(ThreeSites.Names, name => Assert.True(count[name].Answered));
        Assert.Equal(sites.Nodes.Sum(n => n.Patients.Count), count.Result.N);
    }

    [Fact]
    public async Task A_refusing_site_gives_its_reason()
    {
        await using var refusing = FakeSite.Answering(422, "application/problem+json",
            """{"title":"Refused by disclosure control","status":422,"detail":"the cohort has fewer than 10 patients","field":"filter"}""");
        using var fed = Connect(ThreeSites.Site("uppsala", refusing.Url));
        var count = await fed.Cohort().CountAsync();
        Assert.Equal("refused: the cohort has fewer than 10 patients (field filter)", count["uppsala"].Failure);
        Assert.Equal(1, refusing.Requests);
        Assert.Equal(sites.Nodes.Sum(n => n.Patients.Count), count.Result.N);
    }

    [Fact]
    public async Task A_bad_token_is_reported_not_thrown()
    {
        using var fed = new FederationClient([ThreeSites.Site("oslo", sites.Nodes[0].Server.Address.AbsoluteUri) with { Token = "wrong" }], Fast);
        var count = await fed.Cohort().CountAsync();
        Assert.StartsWith("unauthorized", count["oslo"].Failure);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_bounded_attempts()
    {
        var calls = 0;
        await using var flaky = new FakeSite(async (c, _) =>
        {
            if (Interlocked.Increment(ref calls) < 3) await FakeSite.Write(c, 503, "application/problem+json", """{"title":"busy"}""");
            else await FakeSite.Write(c, 200, "application/json", """{"count":{"value":42}}""");
        });
        using (var fed = new FederationClient([ThreeSites.Site("flaky", flaky.Url)], Fast))
            Assert.Equal(42, (await fed.Cohort().CountAsync()).Result.N);

        await using var broken = FakeSite.Answering(500, "text/plain", "boom");
        using var once = new FederationClient([ThreeSites.Site("broken", broken.Url)], Fast);
        Assert.Equal("HTTP 500: boom", (await once.Cohort().CountAsync())["broken"].Failure);
        Assert.Equal(Fast.MaxAttempts, broken.Requests);
    }

    /// <summary>A site that never answers, and a task that completes when it has received a request (so a test cancels a request in flight).</summary>
    private static (FakeSite Site, Task Received) Hanging()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (new FakeSite(async (_, stop) =>
        {
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, stop);
        }), received.Task);
    }

    // Long enough that a request that was not cancelled would still be waiting when the test runner gives up: only
    // cancellation ends these questions, as the hanging site never answers.
    private static readonly FederationOptions Patient = new() { SiteTimeout = TimeSpan.FromMinutes(10), MaxAttempts = 1 };

    [Fact]
    public async Task Cancellation_stops_the_requests_in_flight()
    {
        var (hanging, received) = Hanging();
        await using var _ = hanging;
        using var fed = new FederationClient([.. sites.Sites(), ThreeSites.Site("milan", hanging.Url)], Patient);
        using var cancel = new CancellationTokenSource();
        var count = fed.Cohort().CountAsync(cancel.Token);
        await received;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => count);
    }

    private static readonly AsyncLocal<CancellationToken> CellToken = new();

    [Fact]
    public async Task The_options_token_of_a_notebook_cell_stops_requests_made_without_one()
    {
        // As the kernel's extension does: the options read the running cell's token (an AsyncLocal), so other tests are unaffected.
        var (hanging, received) = Hanging();
        await using var _ = hanging;
        using var fed = new FederationClient([.. sites.Sites(), ThreeSites.Site("milan", hanging.Url)], Patient with { Cancellation = () => CellToken.Value });
        using var interrupt = new CancellationTokenSource();
        CellToken.Value = interrupt.Token;
        var count = fed.Cohort().CountAsync();
        await received;
        await interrupt.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => count);
    }

    [Fact]
    public async Task Status_reports_reachability_and_latency()
    {
        using var fed = Connect(ThreeSites.Site("tartu", $"http://127.0.0.1:{FakeSite.FreePort()}/"));
        var status = await fed.StatusAsync();
        Assert.All(status.Sites.Take(3), s => Assert.True(s.Reachable, s.ToString()));
        Assert.All(status.Sites.Take(3), s => Assert.True(s.Latency > TimeSpan.Zero));
        Assert.False(status.AllReachable);
        Assert.False(status["tartu"].Reachable);
        Assert.StartsWith("tartu: down (unreachable", status["tartu"].ToString());
        Assert.Contains("oslo: up (", status.ToString());
        var oslo = status["oslo"].Info!;
        Assert.Equal(sites.Nodes[0].Patients.Count, oslo.Patients.Value);
        Assert.Equal(5, oslo.Policy.MinCellCount);
        Assert.Equal(30, oslo.Policy.SurvivalGridDays);
        Assert.Matches(@"node \d+\.\d+\.\d+, 120 patients, exact mode, cells <5 suppressed, subsets >= 10, survival grid 30 d", status["oslo"].ToString());
        Assert.Contains("porto: up", fed.Sites.ToString());
        Assert.Equal("lyon", fed.Sites["LYON"].Name);
    }

    private sealed class Recorder : IProgress<FederationProgress>
    {
        public List<FederationProgress> Reports { get; } = [];

        public void Report(FederationProgress value)
        {
            lock (Reports) Reports.Add(value);
        }
    }

    [Fact]
    public async Task Progress_is_reported_site_by_site_with_failures()
    {
        var recorder = new Recorder();
        using var fed = new FederationClient([.. sites.Sites(), ThreeSites.Site("tartu", $"http://127.0.0.1:{FakeSite.FreePort()}/")], Fast with { Progress = recorder });
        await fed.Cohort().CountAsync();
        Assert.Equal(4, recorder.Reports.Count);
        Assert.Equal([1, 2, 3, 4], recorder.Reports.Select(r => r.Done).Order());
        Assert.All(recorder.Reports, r => Assert.Equal(4, r.Total));
        Assert.All(recorder.Reports, r => Assert.Equal("api/v1/count", r.Question));
        var tartu = Assert.Single(recorder.Reports, r => r.Site == "tartu");
        Assert.False(tartu.Succeeded);
        Assert.StartsWith("unreachable", tartu.Detail);
        Assert.Equal(3, recorder.Reports.Count(r => r.Succeeded && r.Detail.EndsWith(" ms")));
    }

    [Fact]
    public async Task A_node_that_refuses_the_token_is_up_but_says_why()
    {
        using var fed = new FederationClient([ThreeSites.Site("oslo", sites.Nodes[0].Server.Address.AbsoluteUri) with { Token = "wrong" }], Fast);
        var status = (await fed.StatusAsync())["oslo"];
        Assert.True(status.Reachable);
        Assert.Null(status.Info);
        Assert.StartsWith("oslo: up (", status.ToString());
        Assert.Contains("but unauthorized", status.ToString());
    }

    [Fact]
    public async Task Icd10_and_snomed_codes_and_gene_status_count_the_same_patients()
    {
        using var fed = Connect();
        var bySnomed = await fed.Cohort().Diagnosis(Snomed.NonSmallCellLungCancer).Biomarker(Gene.Present("KRAS")).CountAsync();
        var byIcd = await fed.Cohort().Diagnosis(Icd10.LungCancer).Biomarker(Gene.Present("KRAS")).CountAsync();
        Assert.Equal(bySnomed.PerSite, byIcd.PerSite);
        var expected = sites.Nodes.Select(n => n.Patients.Count(p => p.Snomed == "254637007" && p.GeneStatus["KRAS"] == "present"));
        Assert.Equal(expected.Where(n => n >= 5).Sum(), bySnomed.Result.N);
    }

    [Fact]
    public async Task A_code_the_nodes_do_not_know_is_reported_with_the_field()
    {
        using var fed = Connect();
        var count = await fed.Cohort().Diagnosis(Snomed.Of("123456")).CountAsync();
        Assert.All(count.PerSite, s => Assert.StartsWith("HTTP 400: ", s.Failure));
        Assert.All(count.PerSite, s => Assert.EndsWith("(field filter.diagnosis)", s.Failure));
        Assert.All(count.Sites, s => Assert.False(s.Included));
        Assert.Equal(0, count.Result.N);
        Assert.True(count.Result.IsLowerBound);
    }
}
