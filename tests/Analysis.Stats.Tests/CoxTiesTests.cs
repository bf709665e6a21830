namespace Analysis.Stats.Tests;

/// <summary>
/// Efron's and Breslow's handling of tied deaths against R's coxph on data with few and with many ties, and Efron's
/// likelihood against its definition where exp(eta) would overflow.
/// </summary>
public sealed class CoxTiesTests(TiesFixture fixture) : IClassFixture<TiesFixture>
{
    public static TheoryData<string, CoxTies> ModelsAndTies()
    {
        var data = new TheoryData<string, CoxTies>();
        foreach (var model in TiesFixture.Models.Keys)
            foreach (var ties in Enum.GetValues<CoxTies>())
                data.Add(model, ties);
        return data;
    }

    private static string Name(CoxTies ties) => ties.ToString().ToLowerInvariant();

    [Theory]
    [MemberData(nameof(ModelsAndTies))]
    public void FitEqualsCoxph(string model, CoxTies ties)
    {
        var (data, covariates, strata, _) = TiesFixture.Models[model];
        var r = fixture.R.GetProperty(model).GetProperty(Name(ties));
        var cox = CoxModel.Cox(fixture.Frames[data], "time", "status", covariates, strata, ties);
        Assert.True(cox.Converged, cox.Fit.Warning);
        Assert.Equal(ties, cox.Ties);
        Assert.Contains($"{ties} ties", cox.ToString());
        Close.Equal(r.Numbers("coef"), cox.Terms.Select(t => t.Coefficient).ToArray(), 1e-9, "coef");
        Close.Equal(r.Numbers("se"), cox.Terms.Select(t => t.StandardError).ToArray(), 1e-9, "se");
        Close.Equal(r.Numbers("loglik"), [cox.NullLogLikelihood, cox.LogLikelihood], 1e-11, "loglik");
        Assert.Equal(r.Number("n"), cox.N);
        Assert.Equal(r.Number("events"), cox.Events);
    }

    [Theory]
    [MemberData(nameof(ModelsAndTies))]
    public void ScoreAndInformationAtANonZeroBetaEqualCoxph(string model, CoxTies ties)
    {
        var (data, covariates, strata, beta) = TiesFixture.Models[model];
        var r = fixture.R.GetProperty(model).GetProperty(Name(ties));
        var step = CoxScore.FromTable(ColumnSource.From(fixture.Frames[data]), "time", "status", covariates, strata, ties).Evaluate(beta);
        Close.Equal(r.Number("atLoglik"), step.LogLikelihood, 1e-11, "loglik at beta");
        Close.Equal(r.Numbers("atScore"), step.Score, 1e-9, "score at beta");
        // R's vcov is column-major, the information symmetric: either order reads the same.
        Close.Equal(r.Numbers("atInformation"), step.Information.SelectMany(row => row).ToArray(), 1e-8, "information at beta");
    }

    [Fact]
    public void TheGridMakesEfronAndBreslowDisagreeWhereExactTimesHardlyDo()
    {
        // Guards the data above: were the rounded times not heavily tied, the Efron rows would not test Efron.
        double Gap(string model) => fixture.R.GetProperty(model).GetProperty("efron").Numbers("coef")
            .Zip(fixture.R.GetProperty(model).GetProperty("breslow").Numbers("coef")).Max(c => Math.Abs(c.First - c.Second));
        Assert.True(Gap("lung30") > 10 * Gap("lung"), $"lung on the grid: {Gap("lung30")}, exact: {Gap("lung")}");
        var ours = CoxModel.Cox(fixture.Frames["lung30"], "time", "status", ["age", "sex", "ph.ecog"]);
        var breslow = CoxModel.Cox(fixture.Frames["lung30"], "time", "status", ["age", "sex", "ph.ecog"], ties: CoxTies.Breslow);
        Assert.True(Math.Abs(ours["sex"].Coefficient - breslow["sex"].Coefficient) > 1e-3);
    }

    [Fact]
    public void WithoutTiedDeathsEfronIsBreslow()
    {
        // Tied censorings and a death tied only with censorings change nothing: Efron differs only where deaths share a time.
        double[] times = [5, 8, 8, 12, 15, 15, 20, 23, 30, 31];
        bool[] events = [true, true, false, true, false, true, true, false, true, true];
        var x = times.Select((t, i) => new[] { Math.Sin(i) * 2, i % 3 }).ToArray();
        double[] beta = [0.4, -0.7];
        var efron = new CoxScore(["a", "b"], times, events, x).Evaluate(beta);
        var breslow = new CoxScore(["a", "b"], times, events, x, ties: CoxTies.Breslow).Evaluate(beta);
        Close.Equal(breslow.LogLikelihood, efron.LogLikelihood, 1e-14, "loglik");
        Close.Equal(breslow.Score, efron.Score, 1e-14, "score");
        Close.Equal(breslow.Information.SelectMany(r => r).ToArray(), efron.Information.SelectMany(r => r).ToArray(), 1e-14, "information");

        events[2] = true; // now two deaths at 8
        var tiedEfron = new CoxScore(["a", "b"], times, events, x).Evaluate(beta);
        var tiedBreslow = new CoxScore(["a", "b"], times, events, x, ties: CoxTies.Breslow).Evaluate(beta);
        Assert.True(tiedEfron.LogLikelihood > tiedBreslow.LogLikelihood, "Efron's denominators are smaller, so its likelihood is larger");
    }

    [Fact]
    public void EfronWhereExpOfEtaOverflowsEqualsItsDefinition()
    {
        // Two clusters 3000 apart in x1: eta spans about ±1500 after centring, beyond exp's range (709), in two strata
        // with deaths tied in threes.
        double[] times = [1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 6, 6, 7, 8, 8, 8, 9, 9];
        bool[] events = [true, true, true, false, true, true, true, true, false, true, true, true, true, true, true, false, true, true, true, false];
        var x = times.Select((t, i) => new[] { (i % 2 == 0 ? 3000 : 0) + (i * 7 % 5), (i * 3 % 4) - 1.5 }).ToArray();
        var strata = times.Select((t, i) => i < 11 ? "a" : "b").ToArray();
        double[] beta = [1.0, 0.8];
        var score = new CoxScore(["x1", "x2"], times, events, x, strata);
        var step = score.Evaluate(beta);
        Assert.True(double.IsFinite(step.LogLikelihood) && step.Score.All(double.IsFinite) && step.Information.All(r => r.All(double.IsFinite)));

        double Definition(double[] b)
        {
            // Efron's log partial likelihood term by term, each denominator shifted by its own risk set's largest eta.
            double total = 0;
            var eta = x.Select(row => b[0] * row[0] + b[1] * row[1]).ToArray();
            foreach (var stratum in Enumerable.Range(0, times.Length).GroupBy(i => strata[i]))
                foreach (var time in stratum.Where(i => events[i]).Select(i => times[i]).Distinct())
                {
                    var risk = stratum.Where(i => times[i] >= time).ToArray();
                    var deaths = risk.Where(i => times[i] == time && events[i]).ToArray();
                    var m = risk.Max(i => eta[i]);
                    var all = risk.Sum(i => Math.Exp(eta[i] - m));
                    var tied = deaths.Sum(i => Math.Exp(eta[i] - m));
                    for (var r = 0; r < deaths.Length; r++) total -= m + Math.Log(all - (double)r / deaths.Length * tied);
                    total += deaths.Sum(i => eta[i]);
                }
            return total;
        }
        Close.Equal(Definition(beta), step.LogLikelihood, 1e-12, "loglik against the definition");
        const double h = 1e-4;
        for (var j = 0; j < 2; j++)
        {
            var up = (double[])beta.Clone();
            var down = (double[])beta.Clone();
            up[j] += h;
            down[j] -= h;
            Close.Equal((Definition(up) - Definition(down)) / (2 * h), step.Score[j], 1e-6, $"score[{j}] against the definition's slope");
            var (su, sd) = (score.Evaluate(up), score.Evaluate(down));
            for (var k = 0; k < 2; k++)
                Close.Equal(-(su.Score[k] - sd.Score[k]) / (2 * h), step.Information[k][j], 1e-6, $"information[{k},{j}] against the score's slope");
        }
    }
}
