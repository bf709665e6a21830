using System.Diagnostics;
using System.Globalization;

namespace Analysis.Stats.Tests;

/// <summary>
/// Split a generated cohort into three sites: summing the sites' sufficient statistics gives the pooled
/// estimate (Kaplan-Meier exactly, Cox stratified by site as R's strata(site), logistic as the pooled fit).
/// </summary>
public sealed class MergeabilityTests
{
    private static readonly List<Patient> Cohort = GeneratedCohort.Make(3000);

    private static IEnumerable<IGrouping<string, Patient>> BySite() => Cohort.GroupBy(p => p.Site);

    [Fact]
    public void SummedGridRiskTablesGiveThePooledCurveExactly()
    {
        var sites = BySite().Select(g => RiskTable.OnGrid(g.Select(p => (p.Time, p.Died)), 30)).ToList();
        Assert.NotEqual(sites[0].Rows.Count, sites[1].Rows.Count + sites[2].Rows.Count); // not a trivially identical split
        var summed = RiskTable.Sum(sites);
        var pooled = RiskTable.OnGrid(Cohort.Select(p => (p.Time, p.Died)), 30);
        Assert.Equal(pooled.Rows, summed.Rows);
        var a = Survival.KaplanMeier(summed);
        var b = Survival.KaplanMeier(pooled);
        Assert.Equal(b.Survival, a.Survival);
        Assert.Equal(b.StandardError, a.StandardError);
        Assert.Equal(b.Median, a.Median);
    }

    [Fact]
    public void GridCurveEqualsTheExactCurveOnTimesRoundedToTheGrid()
    {
        // floor(t / 30) + 1 intervals: an observation at t counts at the end of its interval.
        var rounded = Cohort.Select(p => ((Math.Floor(p.Time / 30) + 1) * 30, p.Died)).ToList();
        var exact = Survival.KaplanMeier(rounded);
        var grid = Survival.KaplanMeier(RiskTable.OnGrid(Cohort.Select(p => (p.Time, p.Died)), 30));
        foreach (var time in exact.Times)
            Close.Equal(exact.At(time), grid.At(time), 1e-14, $"S({time})");
        Assert.Equal(exact.Median, grid.Median);
    }

    [Fact]
    public void SummedStratumTablesGiveThePooledLogRankTest()
    {
        var perSite = BySite().Select(g => Survival.RiskTables(GeneratedCohort.Table(g), "time", "died", "stage")).ToList();
        Assert.Throws<ArgumentException>(() => RiskTable.Sum(perSite.Select(s => s["I"])));  // exact times differ by site
        var gridded = BySite().Select(g => g.GroupBy(p => p.Stage).ToDictionary(s => s.Key, s => RiskTable.OnGrid(s.Select(p => (p.Time, p.Died)), 30))).ToList();
        var summed = gridded[0].Keys.Order(StringComparer.Ordinal).ToDictionary(k => k, k => RiskTable.Sum(gridded.Select(s => s[k])));
        var pooled = Cohort.GroupBy(p => p.Stage).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => RiskTable.OnGrid(g.Select(p => (p.Time, p.Died)), 30));
        var a = Survival.LogRank(summed);
        var b = Survival.LogRank(pooled);
        Assert.Equal(b.ChiSquare, a.ChiSquare, 12);
        Assert.Equal(b.Observed, a.Observed);
        Assert.Equal(3, a.DegreesOfFreedom);
    }

    [Fact]
    public void SummedMomentsHistogramsAndCrossTablesEqualPooled()
    {
        var moments = Moments.Combine(BySite().Select(g => Moments.Of(g.Select(p => p.Age))));
        var pooled = Moments.Of(Cohort.Select(p => p.Age));
        Assert.Equal(pooled.N, moments.N);
        Close.Equal(pooled.Mean, moments.Mean, 1e-12, "mean");
        Close.Equal(pooled.Variance, moments.Variance, 1e-10, "variance");
        var mean = Cohort.Average(p => p.Age);
        Close.Equal(Cohort.Sum(p => (p.Age - mean) * (p.Age - mean)) / (Cohort.Count - 1), moments.Variance, 1e-10, "variance (two-pass)");

        var histograms = BySite().Select(g => Histogram.Of(g.Select(p => p.Age), 5)).ToList();
        Assert.NotEqual(histograms[0].Bins.Count, histograms[2].Bins.Count);
        var summed = Histogram.Sum(histograms);
        Assert.Equal(Histogram.Of(Cohort.Select(p => p.Age), 5).Bins, summed.Bins);

        var tables = BySite().Select(g => Describe.Crosstab(GeneratedCohort.Table(g), "sex", "stage")).ToList();
        var table = CrossTable.Sum(tables);
        var pooledTable = Describe.Crosstab(GeneratedCohort.Table(Cohort), "sex", "stage");
        Assert.Equal(pooledTable.Counts, table.Counts);
        Assert.Equal(pooledTable.ChiSquare().Statistic, table.ChiSquare().Statistic, 12);
    }

    [Theory]
    [InlineData(CoxTies.Breslow, 1)]
    [InlineData(CoxTies.Efron, 1)]
    [InlineData(CoxTies.Efron, 30)]
    [InlineData(CoxTies.Breslow, 30)]
    public async Task FederatedCoxEqualsCoxphStratifiedBySite(CoxTies ties, int grid)
    {
        // Whole days (a few ties) or the nodes' 30-day survival grid (most deaths tied): each site's tied deaths are its own.
        var cohort = Cohort.Select(p => p with { Time = Math.Ceiling(p.Time / grid) * grid }).ToList();
        string[] covariates = ["age", "sex", "stage", "marker"];
        var sites = cohort.GroupBy(p => p.Site).Select(g => CoxScore.FromTable(GeneratedCohort.Table(g), "time", "died", covariates, ties: ties)).ToList();
        Assert.All(sites, s => Assert.Equal(sites[0].Columns, s.Columns));
        var federated = CoxResult.From(await NewtonRaphson.FitAsync(sites[0].Columns,
            (beta, ct) => ValueTask.FromResult(ScoreStep.Sum(sites.Select(s => s.Evaluate(beta))))), ties);
        var local = CoxModel.Cox(GeneratedCohort.Table(cohort), "time", "died", covariates, strata: "site", ties: ties);
        Assert.Equal(["age", "sex=male", "stage=II", "stage=III", "stage=IV", "marker"], federated.Terms.Select(t => t.Term));
        Close.Equal(local.Terms.Select(t => t.Coefficient).ToArray(), federated.Terms.Select(t => t.Coefficient).ToArray(), 1e-10, "coef (local vs federated)");
        Close.Equal(local.Terms.Select(t => t.StandardError).ToArray(), federated.Terms.Select(t => t.StandardError).ToArray(), 1e-10, "se (local vs federated)");
        Assert.Equal(local.Iterations, federated.Iterations);

        var csv = GeneratedCohort.WriteCsv(cohort, Path.Combine(Path.GetTempPath(), $"stats-cohort-{Guid.NewGuid():N}.csv"));
        try
        {
            var r = RScript.Run($$"""
                d <- read.csv({{RScript.Quote(csv)}})
                fit <- coxph(Surv(time, died) ~ age + sex + stage + marker + strata(site), data = d, ties = "{{ties.ToString().ToLowerInvariant()}}")
                emit(list(coef = unname(coef(fit)), se = unname(sqrt(diag(vcov(fit)))), loglik = fit$loglik, events = fit$nevent, ties = fit$method))
                """);
            Assert.Equal(ties.ToString().ToLowerInvariant(), r.Strings("ties").Single());
            Close.Equal(r.Numbers("coef"), federated.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef vs R");
            Close.Equal(r.Numbers("se"), federated.Terms.Select(t => t.StandardError).ToArray(), 1e-8, "se vs R");
            Close.Equal(r.Numbers("loglik"), [federated.NullLogLikelihood, federated.LogLikelihood], 1e-10, "loglik vs R");
            Assert.Equal(r.Number("events"), federated.Events);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task FederatedLogisticEqualsPooledAndGlm()
    {
        string[] covariates = ["age", "sex", "stage", "marker"];
        var sites = BySite().Select(g => LogisticScore.FromTable(GeneratedCohort.Table(g), "response", covariates)).ToList();
        var federated = LogisticResult.From(await NewtonRaphson.FitAsync(sites[0].Columns,
            (beta, ct) => ValueTask.FromResult(ScoreStep.Sum(sites.Select(s => s.Evaluate(beta))))));
        var pooled = LogisticRegression.Logistic(GeneratedCohort.Table(Cohort), "response", covariates);
        Close.Equal(pooled.Terms.Select(t => t.Coefficient).ToArray(), federated.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef (pooled vs federated)");
        Close.Equal(pooled.Terms.Select(t => t.StandardError).ToArray(), federated.Terms.Select(t => t.StandardError).ToArray(), 1e-8, "se (pooled vs federated)");
        Close.Equal(pooled.Deviance, federated.Deviance, 1e-10, "deviance");
        Close.Equal(pooled.NullDeviance, federated.NullDeviance, 1e-12, "null deviance");

        var csv = GeneratedCohort.WriteCsv(Cohort, Path.Combine(Path.GetTempPath(), $"stats-cohort-{Guid.NewGuid():N}.csv"));
        try
        {
            var r = RScript.Run($$"""
                d <- read.csv({{RScript.Quote(csv)}})
                fit <- glm(response ~ age + sex + stage + marker, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
                emit(list(coef = unname(coef(fit)), se = unname(sqrt(diag(vcov(fit)))), deviance = fit$deviance, null = fit$null.deviance, aic = fit$aic))
                """);
            Close.Equal(r.Numbers("coef"), federated.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef vs R");
            Close.Equal(r.Numbers("se"), federated.Terms.Select(t => t.StandardError).ToArray(), 1e-8, "se vs R");
            Close.Equal(r.Number("deviance"), federated.Deviance, 1e-10, "deviance vs R");
            Close.Equal(r.Number("null"), federated.NullDeviance, 1e-10, "null deviance vs R");
            Close.Equal(r.Number("aic"), federated.Aic, 1e-10, "AIC vs R");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void HistogramQuantilesEqualNumpyInterpolationOnTheCumulativeCounts()
    {
        var histogram = Histogram.Of(Cohort.Select(p => p.Age), 5);
        double[] ps = [0.01, 0.25, 0.5, 0.75, 0.9, 0.99];
        var edges = histogram.Bins.Select(b => b.Lower).Append(histogram.Bins[^1].Upper);
        var counts = histogram.Bins.Select(b => b.Count);
        string List<T>(IEnumerable<T> xs) => "[" + string.Join(",", xs.Select(x => Convert.ToString(x, CultureInfo.InvariantCulture))) + "]";
        var script = $"import numpy as np\nedges=np.array({List(edges)},float)\ncum=np.concatenate([[0],np.cumsum({List(counts)})])\n" +
                     $"print(' '.join(repr(float(np.interp(p*cum[-1],cum,edges))) for p in {List(ps)}))";
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, python.StandardError.ReadToEnd());
        var expected = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Close.Equal(expected, ps.Select(histogram.Quantile).ToArray(), 1e-12, "quantile");

        // And within one bin width of the exact sample quantiles.
        var sorted = Cohort.Select(p => p.Age).Order().ToArray();
        foreach (var p in ps)
            Assert.InRange(histogram.Quantile(p), sorted[(int)(p * (sorted.Length - 1))] - 5, sorted[(int)(p * (sorted.Length - 1))] + 5);
        var summary = Describe.Numeric(GeneratedCohort.Table(Cohort), "age", 5);
        Assert.Equal(histogram.Quantile(0.25), summary.Q1);
        Assert.Equal(histogram.Median, summary.Median);
        Assert.Equal(sorted.Length, summary.N);
    }
}
