using Analysis.Stats;

namespace Analysis.Viz.Tests;

/// <summary>Every statistics result draws the chart its values say: fitted on a small generated table, then plotted.</summary>
public sealed class ResultChartTests
{
    private static ColumnSource Table()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 120).Select(i => (Time: (double)random.Next(1, 1500), Died: random.Next(3) > 0 ? 1.0 : 0.0,
            Group: i % 2 == 0 ? "a" : "b", Age: 40.0 + random.Next(40))).ToList();
        return ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["time"] = [.. rows.Select(r => (object?)r.Time)], ["status"] = [.. rows.Select(r => (object?)r.Died)],
            ["group"] = [.. rows.Select(r => (object?)r.Group)], ["age"] = [.. rows.Select(r => (object?)r.Age)],
        });
    }

    [Fact]
    public void Kaplan_meier_draws_one_step_curve_per_stratum_through_the_estimate()
    {
        var km = Survival.KaplanMeier(Table(), "time", "status", strata: "group");
        var figure = new FigureJson(km.Plot());
        foreach (var curve in km.Curves)
        {
            var trace = figure.Trace(curve.Stratum);
            Assert.Equal("hv", (string?)trace["line"]!["shape"]);
            Assert.Equal([0.0, .. curve.Times], FigureJson.Numbers(trace["x"]));
            Assert.Equal([1.0, .. curve.Survival], FigureJson.Numbers(trace["y"]));
        }
        Assert.Contains("log-rank p =", (string?)figure.Layout["title"]!["text"]);
    }

    [Fact]
    public void Cox_and_logistic_models_draw_forest_plots_of_their_ratios()
    {
        var cox = CoxModel.Cox(Table(), "time", "status", ["age", "group"]);
        var forest = new FigureJson(cox.Plot()).Traces.Select(t => t!.AsObject()).First(t => t["x"] is not null);
        Assert.Equal(cox.Terms.Select(t => t.HazardRatio), FigureJson.Numbers(forest["x"]));
        var glm = LogisticRegression.Logistic(Table(), "status", ["age", "group"]);
        var odds = new FigureJson(glm.Plot()).Traces.Select(t => t!.AsObject()).First(t => t["x"] is not null);
        Assert.Equal(glm.Terms.Where(t => t.Term != "(intercept)").Select(t => t.OddsRatio), FigureJson.Numbers(odds["x"]));
    }

    [Fact]
    public void Summaries_and_cross_tables_draw_their_counts()
    {
        var summary = Describe.Numeric(Table(), "age", binWidth: 10);
        var bars = new FigureJson(summary.Plot()).Traces.Select(t => t!.AsObject()).First(t => t["y"] is not null);
        Assert.Equal(summary.Histogram!.Bins.Select(b => (double)b.Count), FigureJson.Numbers(bars["y"]));
        var table = Describe.Crosstab(Table(), "group", "status");
        var figure = new FigureJson(table.Plot());
        var total = figure.Traces.Where(t => t!["y"] is not null).Sum(t => FigureJson.Numbers(t!["y"]).Sum());
        Assert.Equal(table.Total, total);
        Assert.Throws<InvalidOperationException>(() => new NumericSummary("age", summary.Moments, null).Plot());
    }
}
