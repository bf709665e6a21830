using Apache.Arrow;
using Deedle;

namespace Analysis.Stats.Tests;

/// <summary>Every result prints as a readable table and converts to a Deedle frame and an Arrow batch with the same rows.</summary>
public sealed class OutputTests(LungFixture lung) : IClassFixture<LungFixture>
{
    private static double[] ArrowDoubles(RecordBatch batch, string column) =>
        ((DoubleArray)batch.Column(column)).Values.ToArray();

    private static string[] Strings(StringArray array) => Enumerable.Range(0, array.Length).Select(i => array.GetString(i)).ToArray();

    [Fact]
    public void KaplanMeierFrameArrowAndTextAgree()
    {
        var km = Survival.KaplanMeier(lung.Frame, "time", "status", "sex");
        var points = km.Curves.Sum(c => c.Points.Count);
        var frame = km.ToFrame();
        var batch = km.ToArrow();
        Assert.Equal(points, frame.RowCount);
        Assert.Equal(points, batch.Length);
        Assert.Equal(km.Curves.SelectMany(c => c.Survival), frame.GetColumn<double>("Survival").Values);
        Assert.Equal(km.Curves.SelectMany(c => c.Survival), ArrowDoubles(batch, "Survival"));
        var strata = (StringArray)batch.Column("Stratum");
        Assert.Equal("1", strata.GetString(0));
        Assert.Equal("2", strata.GetString(points - 1));
        // Undefined limits (R's NA) are nulls in Arrow, missing in Deedle.
        var upper = (DoubleArray)batch.Column("Upper");
        var nanCount = km.Curves.SelectMany(c => c.Upper).Count(double.IsNaN);
        Assert.Equal(nanCount, upper.NullCount);
        var text = km.ToString();
        Assert.Contains("Stratum", text);
        Assert.Contains("270", text);   // median of stratum 1, as R prints it
        Assert.Contains("Chisq=", text);
        Assert.Contains("median = 270", km["1"].ToString());
    }

    [Fact]
    public void ModelSummariesConvertOneRowPerTerm()
    {
        var cox = CoxModel.Cox(lung.Frame, "time", "status", ["age", "sex", "ph.ecog"]);
        Assert.Equal(3, cox.ToFrame().RowCount);
        Assert.Equal(cox.Terms.Select(t => t.HazardRatio), ArrowDoubles(cox.ToArrow(), "HazardRatio"));
        Assert.Equal(cox.Terms.Select(t => t.Coefficient), cox.ToFrame().GetColumn<double>("Coefficient").Values);
        var text = cox.ToString();
        Assert.Contains("ph.ecog", text);
        Assert.Contains("likelihood ratio test", text);
        Assert.Contains("HazardRatio", text);
        Assert.Contains("Cox model (Efron ties)", text);
        Assert.Contains("Cox model (Breslow ties)", CoxModel.Cox(lung.Frame, "time", "status", ["age"], ties: CoxTies.Breslow).ToString());

        var logistic = LogisticRegression.Logistic(lung.Frame, "status", ["age", "sex"]);
        Assert.Equal(["(intercept)", "age", "sex"], Strings((StringArray)logistic.ToArrow().Column("Term")));
        Assert.Contains("AIC", logistic.ToString());
        Assert.Contains("'nope'", Assert.Throws<KeyNotFoundException>(() => logistic["nope"]).Message);
    }

    [Fact]
    public void DescriptiveResultsConvert()
    {
        var table = Describe.Crosstab(lung.Frame, "sex", "ph.ecog");
        Assert.Equal(table.RowLevels.Count * table.ColumnLevels.Count, table.ToFrame().RowCount);
        var expected = table.Expected();
        Assert.Equal(expected[0, 0], ArrowDoubles(table.ToArrow(), "Expected")[0], 12);
        Assert.Equal(table.Total, table.RowTotals.Sum());
        Assert.Equal(table.Total, table.ColumnTotals.Sum());
        Assert.Contains("Total", table.ToString());
        Assert.Contains("X-squared", table.ChiSquare().ToString());
        Assert.Equal(table.ChiSquare().Statistic, ArrowDoubles(table.ChiSquare().ToArrow(), "Statistic")[0]);
        Assert.Equal(table.ChiSquare().PValue, table.ChiSquare().ToFrame().GetColumn<double>("PValue").Values.Single());

        var summary = Describe.Numeric(lung.Frame, "age", 5);
        Assert.Equal(228, summary.N);
        Assert.Equal(lung.Frame.GetColumn<double>("age").Values.Average(), summary.Mean, 10);
        var ages = lung.Frame.GetColumn<double>("age").Values.ToArray();
        Assert.Equal(Math.Sqrt(ages.Sum(a => (a - ages.Average()) * (a - ages.Average())) / (ages.Length - 1)), summary.SD, 10);
        Assert.Equal(1, summary.ToFrame().RowCount);
        Assert.Contains("age", summary.ToString());
        Assert.Equal(summary.Histogram!.Bins.Count, summary.Histogram.ToArrow().Length);
        Assert.Equal(1, summary.Moments.ToArrow().Length);
        Assert.Contains("mean", summary.Moments.ToString());

        var risk = Survival.RiskTables(ColumnSource.From(lung.Frame), "time", "status")["all"];
        Assert.Equal(risk.Rows.Count, risk.ToFrame().RowCount);
        Assert.Equal(228L, ((Int64Array)risk.ToArrow().Column("AtRisk")).GetValue(0));
        Assert.Contains("n = 228", risk.ToString());
        var logRank = Survival.LogRank(lung.Frame, "time", "status", "sex");
        Assert.Equal(2, logRank.ToArrow().Length);
    }

    [Fact]
    public void ArrowBatchInputGivesTheSameResultsAsTheFrame()
    {
        var rows = lung.Frame.RowCount;
        double?[] Column(string name) => ColumnSource.From(lung.Frame).Numeric(name);
        var builder = new RecordBatch.Builder();
        foreach (var name in new[] { "time", "age", "ph.ecog" })
        {
            var values = Column(name);
            builder.Append(name, true, c => c.Double(b => { foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(v.Value); }));
        }
        var status = Column("status");
        builder.Append("status", true, c => c.Int64(b => { foreach (var v in status) b.Append((long)v!.Value); }));
        var sex = Column("sex");
        builder.Append("sex", true, c => c.String(b => { foreach (var v in sex) b.Append(v == 1 ? "male" : "female"); }));
        var batch = builder.Build();
        Assert.Equal(rows, batch.Length);

        var fromBatch = Survival.KaplanMeier(batch, "time", "status", "sex");
        var fromFrame = Survival.KaplanMeier(lung.Frame, "time", "status", "sex");
        Assert.Equal(fromFrame["1"].Survival, fromBatch["male"].Survival);
        Assert.Equal(fromFrame["2"].Lower, fromBatch["female"].Lower);

        var coxBatch = CoxModel.Cox(batch, "time", "status", ["age", "sex", "ph.ecog"]);
        var coxFrame = CoxModel.Cox(lung.Frame, "time", "status", ["age", "sex", "ph.ecog"]);
        Assert.Equal("sex=male", coxBatch.Terms[1].Term);
        // male = 1 in lung's coding, female = 2: the dummy is the negated numeric effect.
        Close.Equal(-coxFrame["sex"].Coefficient, coxBatch["sex=male"].Coefficient, 1e-9, "sex");
        Close.Equal(coxFrame["age"].Coefficient, coxBatch["age"].Coefficient, 1e-9, "age");
        Close.Equal(coxFrame.LogLikelihood, coxBatch.LogLikelihood, 1e-10, "loglik");
        var logistic = LogisticRegression.Logistic(batch, "sex", ["age"], positive: "male");
        Assert.Equal(fromFrame["1"].N, logistic.Events);
        Assert.Equal(Survival.LogRank(lung.Frame, "time", "status", "sex").ChiSquare, Survival.LogRank(batch, "time", "status", "sex").ChiSquare, 12);
        Assert.Equal(Describe.Numeric(lung.Frame, "age", 5).Histogram!.Bins, Describe.Numeric(batch, "age", 5).Histogram!.Bins);
        Assert.Equal(Describe.Crosstab(lung.Frame, "ph.ecog", "status").Counts, Describe.Crosstab(batch, "ph.ecog", "status").Counts);
    }
}
