using Analysis.Node.Tests;
using Analysis.Stats;

namespace Analysis.Federation.Tests;

/// <summary>Every federated statistic against the same statistic computed locally on the pooled rows.</summary>
public sealed class FederatedStatisticsTests(PooledSites sites) : IClassFixture<PooledSites>
{
    private const double Tolerance = 1e-9;

    private static void Close(double expected, double actual, string what, double tolerance = Tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)) || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: expected {expected}, got {actual}");

    private static void SameCurve(SurvivalCurve expected, SurvivalCurve actual)
    {
        Assert.Equal(expected.Times, actual.Times);
        Assert.Equal(expected.AtRisk, actual.AtRisk);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.Censored, actual.Censored);
        for (var i = 0; i < expected.Times.Count; i++)
        {
            Close(expected.Survival[i], actual.Survival[i], $"S({expected.Times[i]})");
            Close(expected.Lower[i], actual.Lower[i], $"lower({expected.Times[i]})");
            Close(expected.Upper[i], actual.Upper[i], $"upper({expected.Times[i]})");
        }
        Close(expected.Median, actual.Median, "median");
        Close(expected.MedianLower, actual.MedianLower, "median lower");
        Close(expected.MedianUpper, actual.MedianUpper, "median upper");
    }

    [Fact]
    public async Task Kaplan_meier_by_stratum_and_log_rank_equal_the_pooled_fit_on_the_grid()
    {
        using var fed = sites.Connect();
        var km = await fed.Cohort().Diagnosis(Snomed.ColonCancer).KaplanMeierAsync(strata: "stage_group");
        Assert.True(km.IsExact, km.ToString());
        var pooled = Survival.KaplanMeier(sites.Table(p => p.Snomed == "363406005"), time: "grid_time", status: "event", strata: "stage_group");
        Assert.Equal(pooled.Curves.Select(c => c.Stratum), km.Result.Curves.Select(c => c.Stratum));
        foreach (var curve in pooled.Curves) SameCurve(curve, km.Result[curve.Stratum]);
        Close(pooled.LogRank!.ChiSquare, km.Result.LogRank!.ChiSquare, "log-rank chi-square");
        Close(pooled.LogRank.PValue, km.Result.LogRank.PValue, "log-rank p");
        Assert.Equal(3, km.PerSite.Count(s => s.Answered));
        Assert.All(km.Sites, s => Assert.True(s.Included));
        Assert.Equal(sites.Pooled(p => p.Snomed == "363406005").Count(), km.Sites.Sum(s => s.Patients));
    }

    [Fact]
    public async Task One_curve_over_everyone_equals_the_pooled_fit()
    {
        using var fed = sites.Connect();
        KaplanMeierResult km = await fed.Cohort().KaplanMeierAsync();
        var pooled = Survival.KaplanMeier(sites.Table(), time: "grid_time", status: "event");
        SameCurve(Assert.Single(pooled.Curves), Assert.Single(km.Curves));
        Assert.Null(km.LogRank);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(CoxTies.Efron)]
    [InlineData(CoxTies.Breslow)]
    public async Task Cox_equals_the_pooled_fit_stratified_by_site(CoxTies? ties)
    {
        using var fed = sites.Connect();
        string[] covariates = ["age_at_diagnosis", "sex", "stage_group"];
        // Omitted, the ties are R's default (Efron), and that is what the sites must be asked for.
        var cox = ties is { } named ? await fed.Cohort().CoxAsync(named, covariates) : await fed.Cohort().CoxAsync(covariates);
        var expected = ties ?? CoxTies.Efron;
        Assert.True(cox.IsExact, cox.ToString());
        Assert.Equal(expected, cox.Result.Ties);
        Assert.Contains($"Cox model ({expected} ties)", cox.ToString());
        var pooled = CoxModel.Cox(sites.Table(), "cox_time", "event", covariates, strata: "site", ties: expected);
        Assert.Equal(pooled.Terms.Select(t => t.Term), cox.Result.Terms.Select(t => t.Term));
        foreach (var term in pooled.Terms)
        {
            Close(term.Coefficient, cox.Result[term.Term].Coefficient, $"{term.Term} coefficient", 1e-7);
            Close(term.StandardError, cox.Result[term.Term].StandardError, $"{term.Term} SE", 1e-7);
        }
        Close(pooled.LogLikelihood, cox.Result.LogLikelihood, "log partial likelihood");
        Close(pooled.NullLogLikelihood, cox.Result.NullLogLikelihood, "null log partial likelihood");
        Assert.Equal(pooled.N, cox.Result.N);
        Assert.Equal(pooled.Events, cox.Result.Events);
        // Summing the sites' steps takes the pooled fit's steps, not more.
        Assert.Equal(pooled.Iterations, cox.Result.Iterations);
        // On the grid deaths tie, so the other handling of ties is a different fit: the sites computed the one asked for.
        var other = CoxModel.Cox(sites.Table(), "cox_time", "event", covariates, strata: "site", ties: expected == CoxTies.Efron ? CoxTies.Breslow : CoxTies.Efron);
        Assert.True(Math.Abs(other.LogLikelihood - cox.Result.LogLikelihood) > 1e-3, $"{other.LogLikelihood} vs {cox.Result.LogLikelihood}");
    }

    [Fact]
    public async Task Logistic_regression_equals_the_pooled_fit()
    {
        using var fed = sites.Connect();
        var glm = await fed.Cohort().LogisticAsync("event", "age_at_diagnosis", "sex", "stage_group");
        Assert.True(glm.IsExact, glm.ToString());
        var pooled = LogisticRegression.Logistic(sites.Table(), "event", ["age_at_diagnosis", "sex", "stage_group"]);
        Assert.Equal(pooled.Terms.Select(t => t.Term), glm.Result.Terms.Select(t => t.Term));
        foreach (var term in pooled.Terms)
        {
            Close(term.Coefficient, glm.Result[term.Term].Coefficient, $"{term.Term} coefficient", 1e-7);
            Close(term.StandardError, glm.Result[term.Term].StandardError, $"{term.Term} SE", 1e-7);
        }
        Close(pooled.Deviance, glm.Result.Deviance, "deviance");
        Close(pooled.NullDeviance, glm.Result.NullDeviance, "null deviance");
        Assert.Equal(pooled.Events, glm.Result.Events);
    }

    [Fact]
    public async Task Numeric_summary_equals_the_pooled_moments_and_histogram_quantiles()
    {
        using var fed = sites.Connect();
        var age = await fed.Cohort().Diagnosis(Snomed.BreastCancer).SummaryAsync("age_at_diagnosis", binWidth: 5);
        Assert.True(age.IsExact, age.ToString());
        var ages = sites.Pooled(p => p.Snomed == "254837009").Select(r => (double)r.Patient.Age).ToList();
        var moments = Moments.Of(ages);
        Assert.Equal(moments.N, age.Result.N);
        Close(moments.Mean, age.Result.Mean, "mean");
        Close(moments.StandardDeviation, age.Result.SD, "SD");
        var histogram = Histogram.Of(ages, 5);
        Close(histogram.Quantile(0.25), age.Result.Q1, "Q1");
        Close(histogram.Median, age.Result.Median, "median");
        Close(histogram.Quantile(0.75), age.Result.Q3, "Q3");
        Assert.Equal(3, age.PerSite.Count);
        Assert.Equal(sites.Nodes[0].Patients.Count(p => p.Snomed == "254837009"), age.PerSite[0].Value!.N);
    }

    [Fact]
    public async Task Crosstab_and_chi_square_equal_the_pooled_table()
    {
        using var fed = sites.Connect();
        var table = await fed.Cohort().CrosstabAsync("stage_group", "sex");
        Assert.True(table.IsExact, table.ToString());
        var pooled = Describe.Crosstab(sites.Table(), "stage_group", "sex");
        Assert.Equal(pooled.RowLevels, table.Result.RowLevels);
        Assert.Equal(pooled.ColumnLevels, table.Result.ColumnLevels);
        Assert.Equal(pooled.Counts.Cast<long>(), table.Result.Counts.Cast<long>());
        Close(pooled.ChiSquare().Statistic, table.Result.ChiSquare().Statistic, "chi-square");
        Close(pooled.ChiSquare().PValue, table.Result.ChiSquare().PValue, "p");
        Assert.Equal(sites.Nodes[2].Patients.Count(p => p.Stage == "IV" && p.Sex == "male"), table.PerSite[2].Value!["IV", "male"]);
    }

    [Fact]
    public async Task Results_convert_to_frames_arrow_and_readable_text()
    {
        using var fed = sites.Connect();
        var cox = await fed.Cohort().CoxAsync("age_at_diagnosis");
        Assert.Equal(1, cox.ToFrame().RowCount);
        Assert.Equal(1, cox.ToArrow().Length);
        var text = cox.ToString();
        Assert.Contains("age_at_diagnosis", text);
        Assert.Contains("oslo: included (n = 160)", text);
    }
}
