using System.Globalization;
using Analysis.Tests.Shared;

namespace Analysis.Viz.Tests;

public class ClassifierChartTests
{
    /// <summary>A scored test set with ties, and scikit-learn's ROC AUC and average precision for it.</summary>
    private static (bool[] Actual, double[] Scores, double Auc, double Ap) Scored()
    {
        var random = new Random(11);
        var actual = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.3).ToArray();
        // Rounded to two decimals so many scores tie, as real model outputs often do.
        var scores = actual.Select(a => Math.Round(random.NextDouble() * 0.7 + (a ? 0.3 : 0), 2)).ToArray();
        var output = ReferencePeer.Python($"""
            from sklearn.metrics import roc_auc_score, average_precision_score
            y = [{string.Join(",", actual.Select(a => a ? "1" : "0"))}]
            s = [{string.Join(",", scores.Select(v => v.ToString(CultureInfo.InvariantCulture)))}]
            print(repr(roc_auc_score(y, s)), repr(average_precision_score(y, s)))
            """).Split(' ');
        return (actual, scores, double.Parse(output[0], CultureInfo.InvariantCulture), double.Parse(output[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Roc_auc_and_average_precision_match_scikit_learn()
    {
        var (actual, scores, auc, ap) = Scored();
        Assert.Equal(auc, RocCurve.FromScores("m", actual, scores).Auc, 12);
        Assert.Equal(ap, PrecisionRecallCurve.FromScores("m", actual, scores).AveragePrecision, 12);
    }

    [Fact]
    public void Roc_chart_has_the_points_the_auc_in_the_legend_and_the_diagonal()
    {
        var (actual, scores, auc, _) = Scored();
        var curve = RocCurve.FromScores("Model", actual, scores);
        var figure = new FigureJson(Charts.Roc(curve));
        var trace = figure.Trace(string.Create(CultureInfo.InvariantCulture, $"Model (AUC = {auc:0.000})"));
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
        var (actual, scores, _, ap) = Scored();
        var figure = new FigureJson(Charts.PrecisionRecall(PrecisionRecallCurve.FromScores("Model", actual, scores)));
        Assert.NotNull(figure.Trace(string.Create(CultureInfo.InvariantCulture, $"Model (AP = {ap:0.000})")));
    }

    [Fact]
    public void Bad_input_names_the_argument()
    {
        Assert.Equal("actual", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [true], [0.1, 0.2])).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [true, false], [0.1, double.NaN])).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [], [])).ParamName);
        Assert.Equal("actual", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [true, true], [0.1, 0.2])).ParamName);
        Assert.Equal("TruePositiveRate", Assert.Throws<ArgumentException>(() => Charts.Roc(new RocCurve("m", [0, 1], [0]))).ParamName);
        Assert.Equal("curves", Assert.Throws<ArgumentException>(() => Charts.Roc()).ParamName);
    }
}
