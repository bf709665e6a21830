using System.Globalization;
using Analysis.Stats;

namespace Analysis.Viz.Tests;

/// <summary>
/// ROC and precision-recall charts draw the statistics library's curves (whose numbers ClassifierMetricsTests in
/// Analysis.Stats.Tests checks against scikit-learn).
/// </summary>
public class ClassifierChartTests
{
    /// <summary>A scored test set with ties.</summary>
    private static (bool[] Actual, double[] Scores) Scored()
    {
        var random = new Random(11);
        var actual = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.3).ToArray();
        // Rounded to two decimals so many scores tie, as real model outputs often do.
        var scores = actual.Select(a => Math.Round(random.NextDouble() * 0.7 + (a ? 0.3 : 0), 2)).ToArray();
        return (actual, scores);
    }

    [Fact]
    public void Roc_chart_has_the_points_the_auc_in_the_legend_and_the_diagonal()
    {
        var (actual, scores) = Scored();
        var curve = RocCurve.FromScores("Model", actual, scores);
        var figure = new FigureJson(Charts.Roc(curve));
        var trace = figure.Trace(string.Create(CultureInfo.InvariantCulture, $"Model (AUC = {curve.Auc:0.000})"));
        Assert.Equal(curve.FalsePositiveRate, FigureJson.Numbers(trace["x"]));
        Assert.Equal(curve.TruePositiveRate, FigureJson.Numbers(trace["y"]));
        Assert.Equal((0.0, 0.0), (curve.FalsePositiveRate[0], curve.TruePositiveRate[0]));
        Assert.Equal((1.0, 1.0), (curve.FalsePositiveRate[^1], curve.TruePositiveRate[^1]));
        var chance = figure.Trace("chance");
        Assert.Equal([0.0, 1.0], FigureJson.Numbers(chance["x"]));
        Assert.Equal([0.0, 1.0], FigureJson.Numbers(chance["y"]));
        Assert.Equal("x", (string?)figure.Layout["yaxis"]!["scaleanchor"]);
    }

    [Fact]
    public void Precision_recall_chart_names_its_average_precision()
    {
        var (actual, scores) = Scored();
        var curve = PrecisionRecallCurve.FromScores("Model", actual, scores);
        var figure = new FigureJson(Charts.PrecisionRecall(curve));
        var trace = figure.Trace(string.Create(CultureInfo.InvariantCulture, $"Model (AP = {curve.AveragePrecision:0.000})"));
        Assert.Equal(curve.Recall, FigureJson.Numbers(trace["x"]));
        Assert.Equal(curve.Precision, FigureJson.Numbers(trace["y"]));
    }

    [Fact]
    public void Binary_metrics_plot_their_roc_curve()
    {
        var (actual, scores) = Scored();
        var metrics = BinaryMetrics.Compute(actual, scores);
        var figure = new FigureJson(metrics.Plot("logistic"));
        var trace = figure.Trace(string.Create(CultureInfo.InvariantCulture, $"logistic (AUC = {metrics.Auc:0.000})"));
        Assert.Equal(metrics.Roc.Select(p => p.X), FigureJson.Numbers(trace["x"]));
        Assert.Equal(metrics.Roc.Select(p => p.Y), FigureJson.Numbers(trace["y"]));
        var pr = new FigureJson(metrics.PlotPrecisionRecall("logistic")).Traces[0]!;
        Assert.Equal(metrics.PrecisionRecall.Select(p => p.X), FigureJson.Numbers(pr["x"]));
    }

    [Fact]
    public void Bad_input_names_the_argument()
    {
        Assert.Equal("TruePositiveRate", Assert.Throws<ArgumentException>(() => Charts.Roc(new RocCurve("m", [0, 1], [0]))).ParamName);
        Assert.Equal("FalsePositiveRate", Assert.Throws<ArgumentException>(() => Charts.Roc(new RocCurve("m", [0, 1.5], [0, 1]))).ParamName);
        Assert.Equal("Precision", Assert.Throws<ArgumentException>(() => Charts.PrecisionRecall(new PrecisionRecallCurve("m", [0, 1], [1, double.NaN]))).ParamName);
        Assert.Equal("curves", Assert.Throws<ArgumentException>(() => Charts.Roc()).ParamName);
    }
}
