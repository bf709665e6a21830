using System.Globalization;
using System.Text.Json;
using Analysis.Tests.Shared;

namespace Analysis.Stats.Tests;

/// <summary>ROC, precision-recall and the binary metrics: one threshold sweep, checked against scikit-learn on tied scores.</summary>
public sealed class ClassifierMetricsTests
{
    /// <summary>A scored test set with many ties, and scikit-learn's metrics of it.</summary>
    private static (bool[] Actual, double[] Scores, JsonElement Sklearn) Scored()
    {
        var random = new Random(11);
        var actual = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.3).ToArray();
        // Rounded to two decimals so many scores tie, as real model outputs often do.
        var scores = actual.Select(a => Math.Round(random.NextDouble() * 0.7 + (a ? 0.3 : 0), 2)).ToArray();
        var output = ReferencePeer.Python($$"""
            import json
            from sklearn.metrics import roc_auc_score, average_precision_score, roc_curve, precision_recall_curve
            y = [{{string.Join(",", actual.Select(a => a ? "1" : "0"))}}]
            s = [{{string.Join(",", scores.Select(v => v.ToString(CultureInfo.InvariantCulture)))}}]
            fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
            precision, recall, _ = precision_recall_curve(y, s)
            print(json.dumps({"auc": roc_auc_score(y, s), "ap": average_precision_score(y, s), "fpr": fpr.tolist(), "tpr": tpr.tolist(),
                              "precision": precision.tolist(), "recall": recall.tolist()}))
            """);
        return (actual, scores, JsonDocument.Parse(output).RootElement.Clone());
    }

    private static double[] Doubles(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public void Roc_auc_and_average_precision_match_scikit_learn()
    {
        var (actual, scores, sk) = Scored();
        Assert.Equal(sk.GetProperty("auc").GetDouble(), RocCurve.FromScores("m", actual, scores).Auc, 12);
        Assert.Equal(sk.GetProperty("ap").GetDouble(), PrecisionRecallCurve.FromScores("m", actual, scores).AveragePrecision, 12);
    }

    [Fact]
    public void Binary_metrics_take_their_curves_and_auc_from_the_same_sweep_as_scikit_learn()
    {
        var (actual, scores, sk) = Scored();
        var metrics = BinaryMetrics.Compute(actual, scores);
        Assert.Equal(sk.GetProperty("auc").GetDouble(), metrics.Auc, 12);
        Assert.Equal(Doubles(sk, "fpr"), metrics.Roc.Select(p => p.X));
        Assert.Equal(Doubles(sk, "tpr"), metrics.Roc.Select(p => p.Y));
        Assert.Equal(double.PositiveInfinity, metrics.Roc[0].Threshold);
        // scikit-learn lists the precision-recall points from the lowest threshold up and ends with (recall 0, precision 1).
        Assert.Equal(Doubles(sk, "recall").Reverse().Skip(1), metrics.PrecisionRecall.Select(p => p.X));
        Assert.Equal(Doubles(sk, "precision").Reverse().Skip(1), metrics.PrecisionRecall.Select(p => p.Y));
        // The chart inputs are the same numbers.
        var roc = RocCurve.FromScores("m", actual, scores);
        Assert.Equal(metrics.Auc, roc.Auc);
        Assert.Equal(roc.FalsePositiveRate, metrics.Roc.Select(p => p.X));
        Assert.Equal(roc.TruePositiveRate, metrics.Roc.Select(p => p.Y));
        var pr = PrecisionRecallCurve.FromScores("m", actual, scores);
        Assert.Equal(pr.Recall.Skip(1), metrics.PrecisionRecall.Select(p => p.X));
        Assert.Equal(pr.Precision.Skip(1), metrics.PrecisionRecall.Select(p => p.Y));
    }

    [Fact]
    public void Bad_curve_input_names_the_argument()
    {
        Assert.Equal("actual", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [true], [0.1, 0.2])).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [true, false], [0.1, double.NaN])).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [], [])).ParamName);
        Assert.Equal("actual", Assert.Throws<ArgumentException>(() => RocCurve.FromScores("m", [true, true], [0.1, 0.2])).ParamName);
        Assert.Equal("actual", Assert.Throws<ArgumentException>(() => PrecisionRecallCurve.FromScores("m", [false, false], [0.1, 0.2])).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute([true], [0.1, 0.2])).ParamName);
        // One class is no error for the metrics (a fold can lack positives): the AUC is undefined.
        Assert.True(double.IsNaN(BinaryMetrics.Compute([true, true], [0.1, 0.2]).Auc));
    }
}
