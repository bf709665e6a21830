namespace Analysis.Stats;

/// <summary>
/// Confusion counts at each distinct score taken as the threshold, highest first: the one sweep behind every ROC and
/// precision-recall curve and the AUC (<see cref="BinaryMetrics"/>, <see cref="RocCurve"/>, <see cref="PrecisionRecallCurve"/>).
/// </summary>
internal sealed class ThresholdSweep : List<(double Threshold, int TruePositives, int FalsePositives)>
{
    /// <summary>Cases of the positive class.</summary>
    public int Positives { get; private init; }

    /// <summary>Cases of the negative class.</summary>
    public int Negatives { get; private init; }

    /// <summary>Sweeps the scores; the caller has checked that the lists have the same length.</summary>
    /// <param name="actual">The outcome per case.</param>
    /// <param name="scores">What ranks the cases, higher meaning more likely positive.</param>
    /// <param name="thresholds">What each point's threshold is reported as (a monotone function of the score, e.g. the
    /// probability of a logit); the scores themselves when null.</param>
    public static ThresholdSweep Run(IReadOnlyList<bool> actual, IReadOnlyList<double> scores, IReadOnlyList<double>? thresholds = null)
    {
        thresholds ??= scores;
        var positives = actual.Count(a => a);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var sweep = new ThresholdSweep { Positives = positives, Negatives = actual.Count - positives };
        int tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (actual[order[k]]) tp++;
            else fp++;
            // Tied scores move together: one point per distinct threshold, so ties give a diagonal step.
            if (k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]]) sweep.Add((thresholds[order[k]], tp, fp));
        }
        return sweep;
    }

    /// <summary>The ROC points, as scikit-learn's <c>roc_curve(drop_intermediate=False)</c>: (0, 0) at an infinite threshold, then one per distinct score (a rate is 0 when its class has no cases).</summary>
    public List<CurvePoint> Roc() =>
    [
        new(double.PositiveInfinity, 0, 0),
        .. this.Select(p => new CurvePoint(p.Threshold, Negatives == 0 ? 0 : (double)p.FalsePositives / Negatives, Positives == 0 ? 0 : (double)p.TruePositives / Positives)),
    ];

    /// <summary>The precision-recall points, one per distinct score (X recall, Y precision).</summary>
    public List<CurvePoint> PrecisionRecall() =>
        [.. this.Select(p => new CurvePoint(p.Threshold, Positives == 0 ? 0 : (double)p.TruePositives / Positives, (double)p.TruePositives / (p.TruePositives + p.FalsePositives)))];

    /// <summary>Checks curve input: both lists, the same length, not empty, finite scores and both classes present.</summary>
    /// <exception cref="ArgumentException">Names <c>actual</c> or <c>scores</c> and what is wrong.</exception>
    public static void Check(IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0) throw new ArgumentException("scores is empty: a curve needs at least one scored case.", nameof(scores));
        if (actual.Count != scores.Count)
            throw new ArgumentException($"actual has {actual.Count} values but scores has {scores.Count}: they must be the same length.", nameof(actual));
        for (var i = 0; i < scores.Count; i++)
            if (!double.IsFinite(scores[i])) throw new ArgumentException($"scores[{i}] is {scores[i]}: every score must be a finite number.", nameof(scores));
        var positives = actual.Count(a => a);
        if (positives == 0 || positives == actual.Count)
            throw new ArgumentException("actual has only one class: the curve needs both positive and negative cases.", nameof(actual));
    }
}
