using System.Text.Json;

namespace Analysis.Stats.Tests;

/// <summary>Our local estimators on survival::lung against R's survfit, survdiff, coxph, glm and chisq.test.</summary>
public sealed class LungTests(LungFixture lung) : IClassFixture<LungFixture>
{
    private const double Tight = 1e-10;

    private static void SameCurve(JsonElement r, SurvivalCurve curve, double tolerance)
    {
        Close.Equal(r.Numbers("time"), curve.Times, tolerance, "time");
        Close.Equal(r.Numbers("surv"), curve.Survival, tolerance, "surv");
        Close.Equal(r.Numbers("se"), curve.StandardError, tolerance, "std.err");
        Close.Equal(r.Numbers("lower"), curve.Lower, tolerance, "lower");
        Close.Equal(r.Numbers("upper"), curve.Upper, tolerance, "upper");
        Close.Equal(r.Numbers("nrisk"), curve.AtRisk.Select(v => (double)v).ToArray(), 0, "n.risk");
        Close.Equal(r.Numbers("nevent"), curve.Events.Select(v => (double)v).ToArray(), 0, "n.event");
        Close.Equal(r.Numbers("ncensor"), curve.Censored.Select(v => (double)v).ToArray(), 0, "n.censor");
        Close.Equal(r.Number("median"), curve.Median, tolerance, "median");
        Close.Equal(r.Number("mlower"), curve.MedianLower, tolerance, "median 0.95LCL");
        Close.Equal(r.Number("mupper"), curve.MedianUpper, tolerance, "median 0.95UCL");
        Assert.Equal(r.Number("n"), curve.N);
        Assert.Equal(r.Number("events"), curve.TotalEvents);
    }

    [Fact]
    public void KaplanMeierByStratumEqualsSurvfit()
    {
        var km = Survival.KaplanMeier(lung.Frame, time: "time", status: "status", strata: "sex");
        Assert.Equal(["1", "2"], km.Curves.Select(c => c.Stratum));
        SameCurve(lung.R.GetProperty("male"), km["1"], Tight);
        SameCurve(lung.R.GetProperty("female"), km["2"], Tight);
        Assert.NotNull(km.LogRank);
    }

    [Fact]
    public void UnstratifiedCurveEqualsSurvfit()
    {
        var km = Survival.KaplanMeier(lung.Frame, "time", "status");
        SameCurve(lung.R.GetProperty("all"), Assert.Single(km.Curves), Tight);
        Assert.Null(km.LogRank);
    }

    [Fact]
    public void LogLogAndPlainIntervalsEqualSurvfit()
    {
        var table = Survival.RiskTables(ColumnSource.From(lung.Frame), "time", "status")["all"];
        SameCurve(lung.R.GetProperty("loglog"), Survival.KaplanMeier(table, options: new SurvivalOptions { ConfidenceType = ConfidenceType.LogLog, ConfidenceLevel = 0.9 }), Tight);
        SameCurve(lung.R.GetProperty("plain"), Survival.KaplanMeier(table, options: new SurvivalOptions { ConfidenceType = ConfidenceType.Plain }), Tight);
    }

    [Fact]
    public void StepFunctionAndNumberAtRiskFollowTheCurve()
    {
        var curve = Survival.KaplanMeier(lung.Frame, "time", "status").Curves[0];
        var r = lung.R.GetProperty("all");
        var times = r.Numbers("time");
        var surv = r.Numbers("surv");
        var risk = r.Numbers("nrisk");
        Assert.Equal(1, curve.At(times[0] - 0.5));
        for (var i = 0; i < times.Length; i++)
        {
            Close.Equal(surv[i], curve.At(times[i]), Tight, $"S({times[i]})");
            Assert.Equal(risk[i], curve.NumberAtRisk(times[i]));
            if (i + 1 < times.Length)
            {
                Close.Equal(surv[i], curve.At((times[i] + times[i + 1]) / 2), Tight, $"S between {times[i]} and {times[i + 1]}");
                Assert.Equal(risk[i + 1], curve.NumberAtRisk((times[i] + times[i + 1]) / 2));
            }
        }
        Assert.Equal(0, curve.NumberAtRisk(times[^1] + 1));
    }

    [Fact]
    public void LogRankBySexEqualsSurvdiff()
    {
        var test = Survival.LogRank(lung.Frame, "time", "status", "sex");
        var r = lung.R.GetProperty("sd");
        Close.Equal(r.Number("chisq"), test.ChiSquare, Tight, "chisq");
        Close.Equal(r.Number("p"), test.PValue, 1e-8, "p");
        Close.Equal(r.Numbers("obs"), test.Observed, Tight, "obs");
        Close.Equal(r.Numbers("exp"), test.Expected, Tight, "exp");
        Assert.Equal(1, test.DegreesOfFreedom);
    }

    [Fact]
    public void LogRankOfFourGroupsEqualsSurvdiff()
    {
        var test = Survival.LogRank(lung.Frame, "time", "status", "ph.ecog");
        var r = lung.R.GetProperty("sd3");
        Assert.Equal(["0", "1", "2", "3"], test.Groups);
        Close.Equal(r.Number("chisq"), test.ChiSquare, 1e-9, "chisq");
        Close.Equal(r.Numbers("obs"), test.Observed, Tight, "obs");
        Close.Equal(r.Numbers("exp"), test.Expected, Tight, "exp");
        Assert.Equal(r.Number("df"), test.DegreesOfFreedom);
    }

    [Theory]
    [InlineData(CoxTies.Breslow, "cox")]
    [InlineData(CoxTies.Efron, "coxe")]
    public void CoxEqualsCoxph(CoxTies ties, string reference)
    {
        var cox = CoxModel.Cox(lung.Frame, "time", "status", ["age", "sex", "ph.ecog"], ties: ties);
        var r = lung.R.GetProperty(reference);
        Assert.True(cox.Converged, cox.Fit.Warning);
        Assert.Equal(ties, cox.Ties);
        Assert.Equal(["age", "sex", "ph.ecog"], cox.Terms.Select(t => t.Term));
        Close.Equal(r.Numbers("coef"), cox.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef");
        Close.Equal(r.Numbers("se"), cox.Terms.Select(t => t.StandardError).ToArray(), 1e-8, "se");
        Close.Equal(r.Numbers("loglik")[0], cox.NullLogLikelihood, 1e-10, "null loglik");
        Close.Equal(r.Numbers("loglik")[1], cox.LogLikelihood, 1e-10, "loglik");
        Close.Equal(r.Number("lr"), cox.LikelihoodRatioChiSquare, 1e-8, "likelihood ratio test");
        Assert.Equal(r.Number("lrdf"), cox.LikelihoodRatioDegreesOfFreedom);
        Close.Equal(r.Number("lrp"), cox.LikelihoodRatioPValue, 1e-8, "likelihood ratio p");
        Close.Equal(r.Numbers("p"), cox.Terms.Select(t => t.PValue).ToArray(), 1e-8, "Pr(>|z|)");
        Close.Equal(r.Numbers("lower"), cox.Terms.Select(t => t.Lower).ToArray(), 1e-8, "lower .95");
        Close.Equal(r.Numbers("upper"), cox.Terms.Select(t => t.Upper).ToArray(), 1e-8, "upper .95");
        Assert.Equal(r.Number("n"), cox.N);
        Assert.Equal(r.Number("events"), cox.Events);
    }

    [Fact]
    public void CoxDefaultsToEfronAsCoxphDoes()
    {
        // The issue's numbers: coxph's default (Efron) gives sex -0.55261, Breslow -0.55189; ours must give R's by default.
        var cox = CoxModel.Cox(lung.Frame, "time", "status", ["age", "sex", "ph.ecog"]);
        var r = lung.R.GetProperty("coxe");
        Assert.Equal("efron", r.Strings("ties").Single());
        Assert.Equal(CoxTies.Efron, cox.Ties);
        Close.Equal(r.Numbers("coef"), cox.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef");
        var breslow = lung.R.GetProperty("cox").Numbers("coef")[1];
        Assert.True(Math.Abs(breslow - cox["sex"].Coefficient) > 5e-4, $"Efron's sex coefficient {cox["sex"].Coefficient} should differ from Breslow's {breslow}");
    }

    [Theory]
    [InlineData(CoxTies.Breslow, "coxs")]
    [InlineData(CoxTies.Efron, "coxse")]
    public void StratifiedCoxEqualsCoxphWithStrata(CoxTies ties, string reference)
    {
        var cox = CoxModel.Cox(lung.Frame, "time", "status", ["age", "sex", "ph.ecog"], strata: "inst", ties: ties);
        var r = lung.R.GetProperty(reference);
        Close.Equal(r.Numbers("coef"), cox.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef");
        Close.Equal(r.Numbers("se"), cox.Terms.Select(t => t.StandardError).ToArray(), 1e-8, "se");
        Close.Equal(r.Numbers("loglik"), [cox.NullLogLikelihood, cox.LogLikelihood], 1e-10, "loglik");
        Assert.Equal(r.Number("n"), cox.N);
    }

    [Theory]
    [InlineData(CoxTies.Breslow, "coxf")]
    [InlineData(CoxTies.Efron, "coxfe")]
    public void TextCovariateBecomesADummyAgainstItsFirstLevel(CoxTies ties, string reference)
    {
        var cox = CoxModel.Cox(lung.Frame, "time", "status", ["age", "sexlab", "ph.karno"], ties: ties);
        var r = lung.R.GetProperty(reference);
        Assert.Equal(["age", "sexlab=male", "ph.karno"], cox.Terms.Select(t => t.Term));
        Assert.Equal("factor(sexlab)male", r.Strings("names")[1]);
        Close.Equal(r.Numbers("coef"), cox.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef");
        Close.Equal(r.Numbers("se"), cox.Terms.Select(t => t.StandardError).ToArray(), 1e-8, "se");
        Close.Equal(r.Numbers("loglik")[1], cox.LogLikelihood, 1e-10, "loglik");
    }

    [Fact]
    public void LogisticEqualsGlmBinomial()
    {
        var fit = LogisticRegression.Logistic(lung.Frame, "status", ["age", "sex", "ph.ecog"]);
        var r = lung.R.GetProperty("glm");
        Assert.True(fit.Converged, fit.Fit.Warning);
        Assert.Equal(["(intercept)", "age", "sex", "ph.ecog"], fit.Terms.Select(t => t.Term));
        Close.Equal(r.Numbers("coef"), fit.Terms.Select(t => t.Coefficient).ToArray(), 1e-8, "coef");
        Close.Equal(r.Numbers("se"), fit.Terms.Select(t => t.StandardError).ToArray(), 1e-8, "se");
        Close.Equal(r.Numbers("p"), fit.Terms.Select(t => t.PValue).ToArray(), 1e-8, "Pr(>|z|)");
        Close.Equal(r.Number("loglik"), fit.LogLikelihood, 1e-10, "logLik");
        Close.Equal(r.Number("deviance"), fit.Deviance, 1e-10, "deviance");
        Close.Equal(r.Number("null"), fit.NullDeviance, 1e-10, "null deviance");
        Close.Equal(r.Number("aic"), fit.Aic, 1e-10, "AIC");
        Assert.Equal(r.Number("n"), fit.N);
    }

    [Fact]
    public void ChiSquareEqualsChisqTest()
    {
        var r = lung.R.GetProperty("chisq");
        var byEcog = Describe.Crosstab(lung.Frame, "sex", "ph.ecog");
        var test = byEcog.ChiSquare();
        Close.Equal(r.Number("stat"), test.Statistic, Tight, "X-squared");
        Assert.Equal(r.Number("df"), test.DegreesOfFreedom);
        Close.Equal(r.Number("p"), test.PValue, 1e-10, "p-value");

        var byStatus = Describe.Crosstab(lung.Frame, "sex", "status");
        Close.Equal(r.Number("stat2"), byStatus.ChiSquare().Statistic, Tight, "X-squared (2x2)");
        Close.Equal(r.Number("p2"), byStatus.ChiSquare().PValue, 1e-10, "p-value (2x2)");
        var yates = byStatus.ChiSquare(yates: true);
        Assert.True(yates.YatesCorrection);
        Close.Equal(r.Number("yates"), yates.Statistic, Tight, "X-squared (Yates)");
        Close.Equal(r.Number("yatesp"), yates.PValue, 1e-10, "p-value (Yates)");
    }
}
