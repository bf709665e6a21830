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
        Assert.Equal(sk.GetProperty("ap").GetDouble(), metrics.AveragePrecision, 12);
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

    [Fact]
    public void Given_log_odds_the_ranking_metrics_and_log_loss_come_from_them_where_probabilities_round_to_one()
    {
        // Nearly separable: many positives with log-odds between 38 and 60, whose probabilities are all exactly 1.0 in double.
        var random = new Random(5);
        var actual = Enumerable.Range(0, 300).Select(i => i % 3 != 0).ToArray();
        var logits = actual.Select(a => a ? (random.NextDouble() < 0.8 ? 38 + random.NextDouble() * 22 : random.NextDouble() * 8 - 2) : random.NextDouble() * 10 - 8).ToArray();
        // One confident mistake: a negative at log-odds 45 (probability 1.0, clipped to 1 - 1e-15 by a probability-based log-loss).
        logits[0] = 45;
        var probability = logits.Select(z => 1 / (1 + Math.Exp(-z))).ToArray();
        Assert.True(probability.Count(p => p == 1) > 100);
        var output = ReferencePeer.Python($$"""
            import json
            import numpy as np
            from sklearn.metrics import roc_auc_score, average_precision_score, brier_score_loss
            y = np.array([{{string.Join(",", actual.Select(a => a ? "1" : "0"))}}])
            z = np.array([{{string.Join(",", logits.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}])
            p = 1 / (1 + np.exp(-z))
            print(json.dumps({"auc": roc_auc_score(y, z), "ap": average_precision_score(y, z), "auc_p": roc_auc_score(y, p),
                              "log_loss": float(np.mean(np.where(y == 1, np.logaddexp(0, -z), np.logaddexp(0, z)))), "brier": brier_score_loss(y, p)}))
            """);
        var sk = JsonDocument.Parse(output).RootElement;
        var metrics = BinaryMetrics.Compute(actual, probability, logits: logits);
        Assert.Equal(sk.GetProperty("auc").GetDouble(), metrics.Auc, 12);
        Assert.Equal(sk.GetProperty("ap").GetDouble(), metrics.AveragePrecision, 12);
        Assert.Equal(sk.GetProperty("log_loss").GetDouble(), metrics.LogLoss, 10);
        Assert.Equal(sk.GetProperty("brier").GetDouble(), metrics.Brier, 12);
        // From the probabilities alone the tied rows count half: a lower AUC, and the mistake costs only -log(1e-15).
        var fromProbabilities = BinaryMetrics.Compute(actual, probability);
        Assert.Equal(sk.GetProperty("auc_p").GetDouble(), fromProbabilities.Auc, 12);
        Assert.True(fromProbabilities.Auc < metrics.Auc, $"{fromProbabilities.Auc} vs {metrics.Auc}");
        Assert.True(metrics.LogLoss > fromProbabilities.LogLoss);
        // Each curve point still reports its probability as the threshold.
        Assert.All(metrics.Roc.Skip(1), point => Assert.InRange(point.Threshold, 0, 1));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute(actual, probability, logits: logits[1..]));
    }
}
