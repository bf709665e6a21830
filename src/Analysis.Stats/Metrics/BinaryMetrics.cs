using Deedle;

namespace Analysis.Stats;

/// <summary>How well predicted probabilities separate and match a binary outcome.</summary>
/// <param name="N">Rows evaluated.</param>
/// <param name="Positives">Rows with the outcome.</param>
/// <param name="Auc">Area under the ROC curve (ties counted half, as the Mann-Whitney statistic).</param>
/// <param name="AveragePrecision">Area under the precision-recall curve as scikit-learn's <c>average_precision_score</c> (NaN without positives).</param>
/// <param name="Accuracy">Fraction right at <paramref name="Threshold"/>.</param>
/// <param name="Precision">Positive predictive value at the threshold (NaN when nothing is predicted positive).</param>
/// <param name="Recall">Sensitivity at the threshold.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="LogLoss">Mean negative log-likelihood: exact from the log-odds when they were given, else from the probabilities clipped to [1e-15, 1 - 1e-15].</param>
/// <param name="Brier">Mean squared error of the probabilities.</param>
/// <param name="Threshold">The probability at or above which a row is called positive.</param>
/// <param name="Confusion">Actual against predicted, classes <c>negative</c>, <c>positive</c>.</param>
/// <param name="Calibration">Reliability bins (10 equal-width bins; empty ones left out).</param>
/// <param name="Roc">ROC curve points from (0, 0) to (1, 1), one per distinct score.</param>
/// <param name="PrecisionRecall">PR curve points, one per distinct score.</param>
public sealed record BinaryMetrics(
    int N, int Positives, double Auc, double AveragePrecision, double Accuracy, double Precision, double Recall, double F1, double LogLoss, double Brier, double Threshold,
    ConfusionMatrix Confusion, IReadOnlyList<ReliabilityBin> Calibration, IReadOnlyList<CurvePoint> Roc, IReadOnlyList<CurvePoint> PrecisionRecall) : IMetrics
{
    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, double>> Scalars =>
    [
        new("auc", Auc), new("average_precision", AveragePrecision), new("accuracy", Accuracy), new("precision", Precision), new("recall", Recall), new("f1", F1),
        new("log_loss", LogLoss), new("brier", Brier),
    ];

    /// <summary>The scalar metrics as a frame (one <c>value</c> column indexed by metric).</summary>
    public Frame<string, string> ToFrame() => MetricText.Frame([new("n", N), new("positives", Positives), .. Scalars]);

    /// <summary>The calibration bins as a frame (for a reliability chart).</summary>
    public Frame<int, string> CalibrationFrame() => Frame.FromRecords(Calibration);

    /// <summary>The ROC points as a frame (X false-positive rate, Y true-positive rate).</summary>
    public Frame<int, string> RocFrame() => Frame.FromRecords(Roc);

    /// <inheritdoc />
    public override string ToString() =>
        MetricText.Lines($"Binary classification, n = {N} ({Positives} positive), threshold {MetricText.Number(Threshold)}", Scalars) + "\n" + Confusion;

    /// <summary>Computes every metric from outcomes and predicted probabilities.</summary>
    /// <param name="actual">The outcome per row.</param>
    /// <param name="probability">The predicted probability of the outcome per row.</param>
    /// <param name="threshold">Cut-off for the classification metrics.</param>
    /// <param name="bins">Number of reliability bins.</param>
    /// <param name="logits">
    /// Optional log-odds per row, the probabilities' logit before rounding (a model's margin). A probability is exactly 1
    /// in double once the log-odds pass about 37 (17 in float32), so confident rows tie and a confident mistake costs only
    /// the clipped log-loss. Given log-odds, the AUC, average precision and curves rank by them (each point still reports
    /// its probability as the threshold) and the log-loss is computed from them exactly, without clipping.
    /// </param>
    /// <exception cref="ArgumentException">The lengths differ or there are no rows.</exception>
    public static BinaryMetrics Compute(IReadOnlyList<bool> actual, IReadOnlyList<double> probability, double threshold = 0.5, int bins = 10, IReadOnlyList<double>? logits = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probability);
        if (actual.Count != probability.Count) throw new ArgumentException($"{actual.Count} outcomes but {probability.Count} probabilities", nameof(probability));
        if (logits is not null && logits.Count != probability.Count) throw new ArgumentException($"{probability.Count} probabilities but {logits.Count} logits", nameof(logits));
        if (actual.Count == 0) throw new ArgumentException("no rows to evaluate", nameof(actual));
        var n = actual.Count;
        var positives = actual.Count(a => a);
        var predicted = probability.Select(p => p >= threshold).ToArray();
        int Count(bool a, bool p) => Enumerable.Range(0, n).Count(i => actual[i] == a && predicted[i] == p);
        int tp = Count(true, true), fp = Count(false, true), fn = Count(true, false), tn = Count(false, false);
        var precision = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp);
        var recall = positives == 0 ? double.NaN : (double)tp / positives;
        var f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        var logLoss = logits is null
            ? -Enumerable.Range(0, n).Average(i =>
            {
                var p = Math.Clamp(probability[i], 1e-15, 1 - 1e-15);
                return actual[i] ? Math.Log(p) : Math.Log(1 - p);
            })
            : Enumerable.Range(0, n).Average(i => Softplus(actual[i] ? -logits[i] : logits[i]));
        var brier = Enumerable.Range(0, n).Average(i => Math.Pow(probability[i] - (actual[i] ? 1 : 0), 2));
        var sweep = ThresholdSweep.Run(actual, logits ?? probability, probability);
        var roc = sweep.Roc();
        var auc = RocCurve.Area([.. roc.Select(p => p.X)], [.. roc.Select(p => p.Y)]);
        var pr = sweep.PrecisionRecall();
        var averagePrecision = positives == 0 ? double.NaN : PrecisionRecallCurve.Average([.. pr.Select(p => p.X)], [.. pr.Select(p => p.Y)]);
        var confusion = new ConfusionMatrix(["negative", "positive"], [[tn, fp], [fn, tp]]);
        return new BinaryMetrics(n, positives, positives == 0 || positives == n ? double.NaN : auc, averagePrecision, (double)(tp + tn) / n, precision, recall, f1, logLoss, brier,
            threshold, confusion, ReliabilityBin.Of(actual, probability, bins), roc, pr);
    }

    /// <summary><c>log(1 + exp(x))</c> without overflow or loss of precision: the log-loss of a row whose log-odds against its outcome are <paramref name="x"/>.</summary>
    private static double Softplus(double x) => x > 0 ? x + Log1P(Math.Exp(-x)) : Log1P(Math.Exp(x));

    /// <summary><c>log(1 + e)</c> accurate for tiny <paramref name="e"/>, where <c>1 + e</c> rounds (Goldberg's correction).</summary>
    private static double Log1P(double e)
    {
        var u = 1 + e;
        return u == 1 ? e : Math.Log(u) * e / (u - 1);
    }
}
