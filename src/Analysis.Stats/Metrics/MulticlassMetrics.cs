using Deedle;

namespace Analysis.Stats;

/// <summary>How well a multiclass model predicts.</summary>
/// <param name="N">Rows evaluated.</param>
/// <param name="Accuracy">Fraction predicted right.</param>
/// <param name="MacroF1">Unweighted mean of the per-class F1.</param>
/// <param name="LogLoss">Mean negative log of the probability given to the true class (clipped at 1e-15).</param>
/// <param name="PerClass">Per-class precision, recall and F1.</param>
/// <param name="Confusion">Actual against predicted.</param>
public sealed record MulticlassMetrics(int N, double Accuracy, double MacroF1, double LogLoss, IReadOnlyList<ClassMetrics> PerClass, ConfusionMatrix Confusion) : IMetrics
{
    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, double>> Scalars => [new("accuracy", Accuracy), new("macro_f1", MacroF1), new("log_loss", LogLoss)];

    /// <summary>The scalar metrics as a frame.</summary>
    public Frame<string, string> ToFrame() => MetricText.Frame([new("n", N), .. Scalars]);

    /// <inheritdoc />
    public override string ToString() => MetricText.Lines($"Multiclass classification, n = {N}, {PerClass.Count} classes", Scalars) + "\n" + Confusion;

    /// <summary>Computes the metrics from true classes and per-class probabilities.</summary>
    /// <param name="classes">Class names.</param>
    /// <param name="actual">True class index per row.</param>
    /// <param name="probabilities">Per row, a probability per class.</param>
    public static MulticlassMetrics Compute(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities)
    {
        if (actual.Count != probabilities.Count || actual.Count == 0) throw new ArgumentException($"{actual.Count} outcomes for {probabilities.Count} predictions", nameof(probabilities));
        var predicted = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();
        var confusion = ConfusionMatrix.Count(classes, actual, predicted);
        var perClass = classes.Select((c, k) =>
        {
            var tp = confusion.Counts[k][k];
            var support = confusion.Counts[k].Sum();
            var called = confusion.Counts.Sum(row => row[k]);
            var f1 = tp == 0 ? 0 : 2.0 * tp / (support + called);
            return new ClassMetrics(c, support, called == 0 ? double.NaN : (double)tp / called, support == 0 ? double.NaN : (double)tp / support, f1);
        }).ToList();
        var accuracy = (double)Enumerable.Range(0, actual.Count).Count(i => predicted[i] == actual[i]) / actual.Count;
        var logLoss = -Enumerable.Range(0, actual.Count).Average(i => Math.Log(Math.Max(probabilities[i][actual[i]], 1e-15)));
        return new MulticlassMetrics(actual.Count, accuracy, perClass.Average(c => c.F1), logLoss, perClass, confusion);
    }
}
