using Analysis.Stats;

namespace Analysis.Federation.Tests;

/// <summary>Typed variables and their string overloads ask the same questions; a typo or a wrong kind fails in the client before any request.</summary>
public sealed class TypedVariableTests(PooledSites sites) : IClassFixture<PooledSites>
{
    [Fact]
    public async Task Typed_and_named_variables_give_the_same_results()
    {
        using var fed = sites.Connect();
        var cohort = fed.Cohort();
        var typedKm = await cohort.KaplanMeierAsync(Variable.StageGroup);
        var namedKm = await cohort.KaplanMeierAsync("stage_group");
        Assert.Equal(namedKm.Result.Curves.Select(c => c.Stratum), typedKm.Result.Curves.Select(c => c.Stratum));
        Assert.Equal(namedKm.Result.LogRank!.ChiSquare, typedKm.Result.LogRank!.ChiSquare);
        Assert.Equal(["I", "II", "III", "IV"], typedKm.Result.Curves.Select(c => c.Stratum));

        var typedCox = await cohort.CoxAsync(Variable.AgeAtDiagnosis, Variable.StageGroup);
        var namedCox = await cohort.CoxAsync("age_at_diagnosis", "stage_group");
        Assert.Equal(namedCox.Result.Terms.Select(t => (t.Term, t.Coefficient)), typedCox.Result.Terms.Select(t => (t.Term, t.Coefficient)));

        var typedGlm = await cohort.LogisticAsync(Variable.Event, Variable.AgeAtDiagnosis, Variable.Sex);
        var namedGlm = await cohort.LogisticAsync("event", "age_at_diagnosis", "sex");
        Assert.Equal(namedGlm.Result.Terms.Select(t => t.Coefficient), typedGlm.Result.Terms.Select(t => t.Coefficient));

        var typedTable = await cohort.CrosstabAsync(Variable.StageGroup, Variable.Sex);
        var namedTable = await cohort.CrosstabAsync("stage_group", "sex");
        Assert.Equal(namedTable.Result.Counts.Cast<long>(), typedTable.Result.Counts.Cast<long>());

        var typedAge = await cohort.SummaryAsync(Variable.AgeAtDiagnosis);
        var namedAge = await cohort.SummaryAsync("age_at_diagnosis");
        Assert.Equal(namedAge.Result.Mean, typedAge.Result.Mean);
        Assert.Equal(sites.Pooled().Count(), typedAge.Result.N);
    }

    [Fact]
    public async Task A_typo_fails_in_the_client_with_the_list_of_variables_and_sends_nothing()
    {
        await using var site = FakeSite.Answering(500, "text/plain", "no request should reach a site");
        using var fed = new FederationClient([ThreeSites.Site("fake", site.Url)], new FederationOptions { MaxAttempts = 1 });
        var cohort = fed.Cohort();

        var cox = await Assert.ThrowsAsync<ArgumentException>(() => cohort.CoxAsync("age_at_diagnosis", "stage"));
        Assert.Equal("covariates", cox.ParamName);
        Assert.Contains("'stage' is not a patient variable", cox.Message);
        Assert.Contains(string.Join(", ", Variable.All.Select(v => v.Name)), cox.Message);

        var km = await Assert.ThrowsAsync<ArgumentException>(() => cohort.KaplanMeierAsync("Stage_Group"));
        Assert.Equal("strata", km.ParamName);
        Assert.Contains("did you mean 'stage_group'?", km.Message);

        await Assert.ThrowsAsync<ArgumentException>(() => cohort.CrosstabAsync("stage_group", "shoe_size"));
        await Assert.ThrowsAsync<ArgumentException>(() => cohort.SummaryAsync("age"));
        await Assert.ThrowsAsync<ArgumentException>(() => cohort.LogisticAsync("died", "age_at_diagnosis"));
        Assert.Equal(0, site.Requests);
    }

    [Fact]
    public async Task A_variable_of_the_wrong_kind_fails_naming_those_that_would_do()
    {
        await using var site = FakeSite.Answering(500, "text/plain", "no request should reach a site");
        using var fed = new FederationClient([ThreeSites.Site("fake", site.Url)], new FederationOptions { MaxAttempts = 1 });
        var cohort = fed.Cohort();

        var summary = await Assert.ThrowsAsync<ArgumentException>(() => cohort.SummaryAsync(Variable.Sex));
        Assert.Contains("'sex' is categorical; a summary needs a numeric variable: age_at_diagnosis, followup_days", summary.Message);
        var table = await Assert.ThrowsAsync<ArgumentException>(() => cohort.CrosstabAsync(Variable.StageGroup, Variable.FollowupDays));
        Assert.Equal("columns", table.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => cohort.KaplanMeierAsync(Variable.AgeAtDiagnosis));
        await Assert.ThrowsAsync<ArgumentException>(() => cohort.LogisticAsync(Variable.FollowupDays, Variable.Sex));
        Assert.Equal(0, site.Requests);
    }
}
