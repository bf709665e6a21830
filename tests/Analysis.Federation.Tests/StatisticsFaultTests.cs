using Analysis.Stats;

namespace Analysis.Federation.Tests;

/// <summary>Sites that are down, slow, refusing, dying mid-fit or withholding strata: partial results that say why.</summary>
public sealed class StatisticsFaultTests(PooledSites sites) : IClassFixture<PooledSites>
{
    // Generous: these tests are about refusals, dead sites and dying ones, not about speed, and a busy CI machine can
    // take seconds to answer; only the slow-site test relies on a timeout, and its fake site never answers at all.
    private static readonly FederationOptions Fast = new() { SiteTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 1 };

    private FederationClient Connect(params Site[] extra) =>
        new([.. sites.Nodes.Select((n, i) => ThreeSites.Site(PooledSites.Names[i], n.Server.Address.AbsoluteUri)), .. extra], Fast);

    private FederationClient FirstTwo() => new(sites.Nodes.Take(2).Select((n, i) => ThreeSites.Site(PooledSites.Names[i], n.Server.Address.AbsoluteUri)), Fast);

    private static Site Dead() => ThreeSites.Site("tartu", $"http://127.0.0.1:{FakeSite.FreePort()}/");

    [Fact]
    public async Task A_site_that_is_down_leaves_the_others_curve_and_says_so()
    {
        using var fed = Connect(Dead());
        var km = await fed.Cohort().KaplanMeierAsync("sex");
        Assert.False(km.IsComplete);
        Assert.False(km.IsExact);
        var tartu = km.Sites.Single(s => s.Site == "tartu");
        Assert.False(tartu.Included);
        Assert.StartsWith("unreachable", tartu.Reason);
        Assert.Contains("not every site answered", km.Caveats[0]);
        using var three = sites.Connect();
        var complete = await three.Cohort().KaplanMeierAsync("sex");
        Assert.Equal(complete.Result["female"].Survival, km.Result["female"].Survival);
        Assert.Contains("tartu: left out (unreachable", km.ToString());
    }

    [Fact]
    public async Task A_slow_site_times_out_and_the_summary_covers_the_others()
    {
        await using var slow = FakeSite.Sleeping();
        using var fed = new FederationClient([.. Connect().Sites, ThreeSites.Site("milan", slow.Url)], Fast with { SiteTimeout = TimeSpan.FromSeconds(5) });
        var age = await fed.Cohort().SummaryAsync(Variable.AgeAtDiagnosis);
        // The slow site was given up with a timeout on both its questions (summary and histogram) while the others answered.
        var milan = age.Sites.Single(s => s.Site == "milan");
        Assert.False(milan.Included);
        Assert.Equal("timed out after 5 s", milan.Reason);
        Assert.Equal(2, slow.Requests);
        Assert.All(age.Sites.Where(s => s.Site != "milan"), s => Assert.True(s.Included));
        Assert.Equal(sites.Nodes.Sum(n => n.Patients.Count), age.Result.N);
        Assert.Contains("not every site answered", age.Caveats[0]);
    }

    [Fact]
    public async Task A_refusing_site_is_left_out_of_the_model_with_its_reason()
    {
        await using var refusing = FakeSite.Answering(422, "application/problem+json",
            """{"title":"Refused by disclosure control","status":422,"detail":"2 parameters for 5 patients exceed 0.33 per patient"}""");
        using var fed = new FederationClient([.. FirstTwo().Sites, ThreeSites.Site("uppsala", refusing.Url)], Fast);
        var cox = await fed.Cohort().CoxAsync("age_at_diagnosis", "sex");
        Assert.Equal("refused: 2 parameters for 5 patients exceed 0.33 per patient", cox.Sites.Single(s => s.Site == "uppsala").Reason);
        Assert.Contains("fitted without uppsala", cox.Caveats[0]);
        using var two = FirstTwo();
        var reference = await two.Cohort().CoxAsync("age_at_diagnosis", "sex");
        Assert.Equal(reference.Result.Terms.Select(t => t.Coefficient), cox.Result.Terms.Select(t => t.Coefficient));
    }

    [Fact]
    public async Task A_site_that_dies_mid_fit_is_dropped_and_the_model_refitted_without_it()
    {
        // porto answers the beta = 0 step and the first iteration, then goes down.
        await using var dying = new DyingSite(sites.Nodes[2].Server.Address, answersBeforeDying: 2);
        using var fed = new FederationClient([.. FirstTwo().Sites, ThreeSites.Site("porto", dying.Url)], Fast);
        var glm = await fed.Cohort().LogisticAsync("event", "age_at_diagnosis", "stage_group");
        var porto = glm.Sites.Single(s => s.Site == "porto");
        Assert.False(porto.Included);
        Assert.Contains("stopped answering during the fit", porto.Reason);
        using var two = FirstTwo();
        var reference = await two.Cohort().LogisticAsync("event", "age_at_diagnosis", "stage_group");
        for (var i = 0; i < reference.Result.Terms.Count; i++)
            Assert.Equal(reference.Result.Terms[i].Coefficient, glm.Result.Terms[i].Coefficient, 10);
        Assert.Equal(reference.Result.N, glm.Result.N);
    }

    [Fact]
    public async Task A_site_with_other_design_columns_is_left_out()
    {
        await using var odd = FakeSite.Answering(200, "application/json",
            """{"columns":["age_at_diagnosis","sex=other"],"n":50,"events":10,"score":[1,2],"information":[[1,0],[0,1]],"logPartialLikelihood":-40}""");
        using var fed = new FederationClient([.. Connect().Sites, ThreeSites.Site("odd", odd.Url)], Fast);
        var cox = await fed.Cohort().CoxAsync("age_at_diagnosis", "sex");
        Assert.Contains("design columns (age_at_diagnosis, sex=other) differ", cox.Sites.Single(s => s.Site == "odd").Reason);
        Assert.Equal(sites.Nodes.Sum(n => n.Patients.Count), cox.Result.N);
    }

    [Fact]
    public async Task A_malformed_answer_is_a_site_failure_not_an_exception()
    {
        await using var broken = FakeSite.Answering(200, "application/json", """{"intervalDays":30,"strata":[{"stratum":"all"}]}""");
        await using var negative = FakeSite.Answering(200, "application/json", """{"intervalDays":-30,"strata":[]}""");
        await using var garbled = FakeSite.Answering(200, "application/json", """{"intervalDays":"30","strata":[]}""");
        await using var text = FakeSite.Answering(200, "text/plain", "all good");
        using var fed = new FederationClient([.. Connect().Sites, ThreeSites.Site("broken", broken.Url), ThreeSites.Site("negative", negative.Url),
            ThreeSites.Site("garbled", garbled.Url), ThreeSites.Site("text", text.Url)], Fast);
        var km = await fed.Cohort().KaplanMeierAsync();
        Assert.Equal("unexpected answer: no 'intervals' in strata[0]", km.Sites.Single(s => s.Site == "broken").Reason);
        Assert.Equal("unexpected answer: intervalDays -30 is not positive", km.Sites.Single(s => s.Site == "negative").Reason);
        Assert.Equal("unexpected answer: 'intervalDays' has a value of the wrong type", km.Sites.Single(s => s.Site == "garbled").Reason);
        Assert.Equal("unexpected answer: the answer is not JSON", km.Sites.Single(s => s.Site == "text").Reason);
        Assert.Equal(3, km.Sites.Count(s => s.Included));
    }

    [Fact]
    public async Task When_no_site_can_answer_the_exception_lists_every_reason()
    {
        using var fed = new FederationClient([Dead(), ThreeSites.Site("gone", $"http://127.0.0.1:{FakeSite.FreePort()}/")], Fast);
        var e = await Assert.ThrowsAsync<FederatedQueryException>(() => fed.Cohort().CoxAsync(Variable.AgeAtDiagnosis));
        Assert.Equal(["tartu", "gone"], e.Sites.Select(s => s.Site));
        Assert.Contains("tartu: unreachable", e.Message);
    }

    [Fact]
    public async Task Cancelling_a_fit_stops_its_requests_in_flight()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hanging = new FakeSite(async (_, stop) =>
        {
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, stop);
        });
        // Only cancellation can end the fit: the hanging site never answers and its timeout is longer than any test run.
        using var fed = new FederationClient([.. Connect().Sites, ThreeSites.Site("milan", hanging.Url)], new FederationOptions { SiteTimeout = TimeSpan.FromMinutes(10) });
        using var cancel = new CancellationTokenSource();
        var fit = fed.Cohort().CoxAsync([Variable.AgeAtDiagnosis], CoxTies.Efron, null, cancel.Token);
        await received.Task;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fit);
    }

    [Fact]
    public async Task A_variable_the_nodes_do_not_know_comes_back_as_each_sites_field_error()
    {
        using var fed = Connect();
        // Built by hand, so the client cannot tell it from a real variable; the nodes refuse it and say where.
        var shoeSize = new Variable("shoe_size", VariableKind.Categorical, "not in the data contract");
        var e = await Assert.ThrowsAsync<FederatedQueryException>(() => fed.Cohort().CrosstabAsync(Variable.StageGroup, shoeSize));
        Assert.All(e.Sites, s => Assert.Contains("(field columns)", s.Reason));
        await Assert.ThrowsAsync<ArgumentException>(() => fed.Cohort().CoxAsync(Array.Empty<Variable>()));
        await Assert.ThrowsAsync<ArgumentException>(() => fed.Cohort().CoxAsync(Array.Empty<string>()));
    }
}

/// <summary>The default disclosure policy at small sites: strata too small are withheld and the result says so.</summary>
public sealed class WithheldStrataTests(ThreeSites sites) : IClassFixture<ThreeSites>
{
    [Fact]
    public async Task A_stratum_withheld_by_a_small_site_is_named_and_the_curve_covers_the_others()
    {
        using var fed = new FederationClient(sites.Sites());
        // porto has 3 breast cancers: under the subset size of 10, its breast stratum is withheld whole.
        var km = await fed.Cohort().KaplanMeierAsync("diagnosis");
        Assert.False(km.IsExact);
        Assert.Contains(km.Caveats, c => c.Contains("stratum '254837009' withheld by porto", StringComparison.Ordinal));
        // Secondary suppression: porto's lone withheld stratum takes its smallest other stratum (lung, 20) with it, so its
        // unstratified table minus its shown strata cannot rebuild the breast one.
        Assert.Contains(km.Caveats, c => c.Contains("stratum '254637007' withheld by porto", StringComparison.Ordinal));
        Assert.Equal(2, km.Caveats.Count);
        var breast = km.Result["254837009"];
        Assert.Equal(sites.Nodes.Take(2).Sum(n => n.Patients.Count(p => p.Snomed == "254837009")), breast.N);
        Assert.All(km.Sites, s => Assert.True(s.Included));
    }
}
