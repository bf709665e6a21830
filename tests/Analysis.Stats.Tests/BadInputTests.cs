using Apache.Arrow;
using Apache.Arrow.Types;
using Deedle;

namespace Analysis.Stats.Tests;

/// <summary>Bad input gets an exception naming what and where; nothing hangs.</summary>
public sealed class BadInputTests
{
    private static ColumnSource Table(params (string Name, object?[] Values)[] columns) =>
        ColumnSource.FromColumns(columns.ToDictionary(c => c.Name, c => (IReadOnlyList<object?>)c.Values));

    private static readonly ColumnSource Small = Table(
        ("time", [5.0, 8.0, 12.0, 3.0, 9.0, 15.0, 7.0, 11.0]),
        ("status", [1, 0, 1, 1, 0, 1, 1, 0]),
        ("age", [50.0, 61.0, 72.0, 45.0, 66.0, 58.0, 70.0, 63.0]),
        ("group", ["a", "b", "a", "b", "a", "b", "a", "b"]));

    [Fact]
    public void MissingColumnIsNamedWithTheColumnsThatExist()
    {
        var e = Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(Small, "tiem", "status"));
        Assert.Contains("'tiem'", e.Message);
        Assert.Contains("'time'", e.Message);
        var cox = Assert.Throws<ArgumentException>(() => CoxModel.Cox(Small, "time", "status", ["age", "weight"]));
        Assert.Contains("'weight'", cox.Message);
        Assert.Contains("'weight'", Assert.Throws<ArgumentException>(() => Describe.Numeric(Small, "weight", 1)).Message);
        Assert.Contains("'weight'", Assert.Throws<ArgumentException>(() => LogisticRegression.Logistic(Small, "weight", ["age"])).Message);
    }

    [Fact]
    public void NonNumericValueNamesColumnRowAndValue()
    {
        var table = Table(("time", [5.0, "soon", 7.0]), ("status", [1, 0, 1]));
        var e = Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(table, "time", "status"));
        Assert.Contains("'time'", e.Message);
        Assert.Contains("row 1", e.Message);
        Assert.Contains("'soon'", e.Message);
        // A text column is numeric-looking when most levels are numbers: a stray word is an error, not a category.
        var cox = Table(("time", [5.0, 8.0, 12.0, 3.0]), ("status", [1, 0, 1, 1]), ("age", ["50", "61", "seventy", "45"]));
        var bad = Assert.Throws<ArgumentException>(() => CoxModel.Cox(cox, "time", "status", ["age"]));
        Assert.Contains("row 2", bad.Message);
        Assert.Contains("'seventy'", bad.Message);
    }

    [Fact]
    public void BadStatusCodesAreNamed()
    {
        var three = Table(("time", [5.0, 8.0]), ("status", [1, 3]));
        var e = Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(three, "time", "status"));
        Assert.Contains("'status'", e.Message);
        Assert.Contains("row 1", e.Message);
        var mixed = Table(("time", [5.0, 8.0]), ("status", [0, 2]));
        Assert.Contains("mixes", Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(mixed, "time", "status")).Message);
        var negative = Table(("time", [5.0, -1.0]), ("status", [1, 1]));
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(negative, "time", "status")).Message);
    }

    [Fact]
    public void StatusAcceptsZeroOneOneTwoAndBooleans()
    {
        var zeroOne = Survival.KaplanMeier(Table(("t", [1.0, 2.0, 3.0]), ("s", [1, 0, 1])), "t", "s").Curves[0];
        var oneTwo = Survival.KaplanMeier(Table(("t", [1.0, 2.0, 3.0]), ("s", [2, 1, 2])), "t", "s").Curves[0];
        var booleans = Survival.KaplanMeier(Table(("t", [1.0, 2.0, 3.0]), ("s", [true, false, true])), "t", "s").Curves[0];
        Assert.Equal([1L, 0L, 1L], zeroOne.Events);
        Assert.Equal(zeroOne.Survival, oneTwo.Survival);
        Assert.Equal(zeroOne.Survival, booleans.Survival);
    }

    [Fact]
    public void EmptyDataIsRefusedClearly()
    {
        var empty = Table(("time", []), ("status", []), ("age", []));
        Assert.Contains("No complete rows", Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(empty, "time", "status")).Message);
        Assert.Contains("No complete cases", Assert.Throws<ArgumentException>(() => CoxModel.Cox(empty, "time", "status", ["age"])).Message);
        var allMissing = Table(("time", [null, 3.0]), ("status", [1, null]));
        Assert.Contains("No complete rows", Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(allMissing, "time", "status")).Message);
        var summary = Describe.Numeric(empty, "age", 5);
        Assert.Equal(0, summary.N);
        Assert.True(double.IsNaN(summary.Mean) && double.IsNaN(summary.Median));
        Assert.Throws<ArgumentException>(() => Describe.Crosstab(empty, "time", "status"));
        Assert.Throws<ArgumentException>(() => ScoreStep.Sum([]));
    }

    [Fact]
    public void AllCensoredGivesAFlatCurveAndRefusesACoxModel()
    {
        var censored = Table(("time", [5.0, 8.0, 12.0, 3.0]), ("status", [0, 0, 0, 0]), ("age", [50.0, 61.0, 72.0, 45.0]), ("g", ["a", "b", "a", "b"]));
        var km = Survival.KaplanMeier(censored, "time", "status", "g");
        Assert.All(km.Curves, c => Assert.All(c.Survival, s => Assert.Equal(1, s)));
        Assert.All(km.Curves, c => Assert.True(double.IsNaN(c.Median)));
        Assert.Equal(0, km.LogRank!.DegreesOfFreedom);
        Assert.True(double.IsNaN(km.LogRank.PValue));
        Assert.Contains("No events", Assert.Throws<ArgumentException>(() => CoxModel.Cox(censored, "time", "status", ["age"])).Message);
    }

    [Fact]
    public void SeparationReportsNotConvergedWithoutHanging()
    {
        var x = Enumerable.Range(0, 40).Select(i => (object?)(double)i).ToArray();
        var y = Enumerable.Range(0, 40).Select(i => (object?)(i >= 20 ? 1 : 0)).ToArray();
        var fit = LogisticRegression.Logistic(Table(("x", x), ("y", y)), "y", ["x"]);
        Assert.False(fit.Converged);
        Assert.NotNull(fit.Fit.Warning);
        Assert.True(fit.Fit.Iterations <= NewtonOptions.Default.MaxIterations);
        Assert.True(fit["x"].Coefficient > 5, $"the slope should run away, got {fit["x"].Coefficient}");
        Assert.Contains("Warning", fit.ToString());
    }

    [Fact]
    public void SingularInformationNamesTheColumns()
    {
        var collinear = Table(
            ("time", [5.0, 8.0, 12.0, 3.0, 9.0, 15.0]), ("status", [1, 0, 1, 1, 1, 1]),
            ("age", [50.0, 61.0, 72.0, 45.0, 66.0, 58.0]), ("age2", [100.0, 122.0, 144.0, 90.0, 132.0, 116.0]),
            ("site", [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]));
        var e = Assert.Throws<ArgumentException>(() => CoxModel.Cox(collinear, "time", "status", ["age", "age2"]));
        Assert.Contains("'age2'", e.Message);
        Assert.Contains("'age'", e.Message);
        Assert.Contains("singular", e.Message);
        var constant = Assert.Throws<ArgumentException>(() => LogisticRegression.Logistic(collinear, "status", ["age", "site"]));
        Assert.Contains("'site'", constant.Message);
        Assert.Contains("'(intercept)'", constant.Message);
        Assert.Contains("'age'", Assert.Throws<ArgumentException>(() => CoxModel.Cox(collinear, "time", "status", ["age", "age"])).Message);
    }

    [Fact]
    public void RiskTablesHistogramsAndCrossTablesRefuseInconsistentInput()
    {
        var decreasing = Assert.Throws<ArgumentException>(() => RiskTable.FromIntervals([new RiskRow(30, 10, 1, 0), new RiskRow(20, 9, 1, 0)]));
        Assert.Contains("row 1", decreasing.Message);
        var tooMany = Assert.Throws<ArgumentException>(() => RiskTable.FromIntervals([new RiskRow(30, 2, 2, 1)]));
        Assert.Contains("row 0", tooMany.Message);
        var a = RiskTable.FromIntervals([new RiskRow(30, 10, 1, 0), new RiskRow(60, 9, 1, 0)]);
        var b = RiskTable.FromIntervals([new RiskRow(30, 10, 1, 0), new RiskRow(90, 9, 1, 0)]);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => RiskTable.Sum([a, b])).Message);
        Assert.Contains("Observation 1", Assert.Throws<ArgumentException>(() => RiskTable.FromObservations([(1, true), (double.NaN, false)])).Message);

        Assert.Contains("bin 1", Assert.Throws<ArgumentException>(() => new Histogram([new HistogramBin(0, 5, 1), new HistogramBin(6, 10, 1)])).Message);
        var h1 = new Histogram([new HistogramBin(0, 5, 1)]);
        var h2 = new Histogram([new HistogramBin(0, 4, 1)]);
        Assert.Throws<ArgumentException>(() => Histogram.Sum([h1, h2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => h1.Quantile(1.5));
        Assert.Throws<ArgumentException>(() => Histogram.Of([1.0], 0));

        Assert.Throws<ArgumentException>(() => new CrossTable("r", "c", ["a"], ["x", "y"], new long[2, 2]));
        var t1 = new CrossTable("r", "c", ["a", "b"], ["x", "y"], new long[,] { { 1, 2 }, { 3, 4 } });
        var t2 = new CrossTable("r", "c", ["a", "c"], ["x", "y"], new long[,] { { 1, 2 }, { 3, 4 } });
        Assert.Contains("table 1", Assert.Throws<ArgumentException>(() => CrossTable.Sum([t1, t2])).Message);
        Assert.Throws<InvalidOperationException>(() => new CrossTable("r", "c", ["a", "b"], ["x", "y"], new long[,] { { 1, 2 }, { 0, 0 } }).ChiSquare());
        Assert.Contains("'z'", Assert.Throws<KeyNotFoundException>(() => t1["a", "z"]).Message);
    }

    [Fact]
    public async Task NewtonRaphsonChecksStepsAndHonoursCancellation()
    {
        var score = CoxScore.FromTable(Small, "time", "status", ["age"]);
        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => NewtonRaphson.FitAsync(["age", "extra"],
            (beta, ct) => score.EvaluateAsync([beta[0]], ct)));
        Assert.Contains("1 parameters but the model has 2", wrong.Message);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewtonRaphson.FitAsync(score.Columns, score.EvaluateAsync, ct: cancelled.Token));
        Assert.Throws<ArgumentException>(() => score.Evaluate([1.0, 2.0]));
        Assert.Equal("ties", Assert.Throws<ArgumentException>(() => CoxScore.FromTable(Small, "time", "status", ["age"], ties: (CoxTies)7)).ParamName);
    }

    [Fact]
    public void UnsupportedArrowTypeIsNamed()
    {
        var batch = new RecordBatch.Builder()
            .Append("time", false, c => c.Double(b => b.AppendRange([1.0, 2.0])))
            .Append("status", false, c => c.Int32(b => b.AppendRange([1, 0])))
            .Append("when", false, c => c.Date32(b => b.AppendRange([DateTime.Today, DateTime.Today])))
            .Build();
        var e = Assert.Throws<ArgumentException>(() => Describe.Numeric(ColumnSource.From(batch), "when", 1));
        Assert.Contains("'when'", e.Message);
        Assert.Contains("date32", e.Message);
    }

    [Fact]
    public void MistypedFrameColumnIsNamed()
    {
        var frame = Frame.FromRecords(new[] { new { time = 5.0, status = "dead" }, new { time = 6.0, status = "alive" } });
        var e = Assert.Throws<ArgumentException>(() => Survival.KaplanMeier(frame, "time", "status"));
        Assert.Contains("'status'", e.Message);
        Assert.Contains("'dead'", e.Message);
    }
}
