using Deedle;

namespace Analysis.ML.Learning;

/// <summary>Precision, recall and F1 of one class against the rest.</summary>
/// <param name="Class">The class.</param>
/// <param name="Support">Rows of that class.</param>
/// <param name="Precision">Of rows predicted as the class, the fraction that are (NaN when none are).</param>
/// <param name="Recall">Of rows of the class, the fraction predicted as it.</param>
/// <param name="F1">Harmonic mean of the two (0 when nothing is right).</param>
public sealed record ClassMetrics(string Class, long Support, double Precision, double Recall, double F1);

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

/// <summary>How well a regression model predicts.</summary>
/// <param name="N">Rows evaluated.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="RSquared">1 - residual sum of squares / total sum of squares.</param>
public sealed record RegressionMetrics(int N, double Rmse, double Mae, double RSquared) : IMetrics
{
    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, double>> Scalars => [new("rmse", Rmse), new("mae", Mae), new("r_squared", RSquared)];

    /// <summary>The scalar metrics as a frame.</summary>
    public Frame<string, string> ToFrame() => MetricText.Frame([new("n", N), .. Scalars]);

    /// <inheritdoc />
    public override string ToString() => MetricText.Lines($"Regression, n = {N}", Scalars);

    /// <summary>Computes the metrics.</summary>
    public static RegressionMetrics Compute(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        if (actual.Count != predicted.Count || actual.Count == 0) throw new ArgumentException($"{actual.Count} outcomes for {predicted.Count} predictions", nameof(predicted));
        var mean = actual.Average();
        var residual = Enumerable.Range(0, actual.Count).Sum(i => Math.Pow(actual[i] - predicted[i], 2));
        var total = actual.Sum(a => Math.Pow(a - mean, 2));
        return new RegressionMetrics(actual.Count, Math.Sqrt(residual / actual.Count), Enumerable.Range(0, actual.Count).Average(i => Math.Abs(actual[i] - predicted[i])), 1 - residual / total);
    }
}

/// <summary>The metrics of each fold of a k-fold cross-validation, with their mean and standard deviation.</summary>
/// <typeparam name="TMetrics">The task's metrics.</typeparam>
/// <param name="Folds">Metrics on each held-out fold, in fold order.</param>
/// <param name="Seed">The seed that assigned the folds.</param>
public sealed record CrossValidation<TMetrics>(IReadOnlyList<TMetrics> Folds, int Seed) where TMetrics : IMetrics
{
    /// <summary>The mean of a scalar metric over the folds, e.g. <c>Mean("auc")</c>.</summary>
    public double Mean(string metric) => Values(metric).Average();

    /// <summary>The sample standard deviation of a scalar metric over the folds.</summary>
    public double StandardDeviation(string metric)
    {
        var values = Values(metric).ToList();
        var mean = values.Average();
        return values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    private IEnumerable<double> Values(string metric) => Folds.Select(f => f.Scalars.FirstOrDefault(s => s.Key == metric) is { Key: not null } s ? s.Value
        : throw new ArgumentException($"no metric '{metric}'; use one of: {string.Join(", ", f.Scalars.Select(x => x.Key))}", nameof(metric)));

    /// <summary>One row per fold plus <c>mean</c> and <c>sd</c> rows, one column per scalar metric.</summary>
    public Frame<string, string> ToFrame()
    {
        var names = Folds[0].Scalars.Select(s => s.Key).ToList();
        var rows = Folds.Select((_, i) => $"fold {i + 1}").Append("mean").Append("sd").ToList();
        return Frame.FromColumns(names.Select(m => KeyValuePair.Create(m,
            new Series<string, double>(rows, Folds.Select(f => f.Scalars.First(s => s.Key == m).Value).Append(Mean(m)).Append(StandardDeviation(m))))));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Folds.Count}-fold cross-validation (seed {Seed})\n" + string.Join("\n", Folds[0].Scalars.Select(s =>
            $"  {s.Key,-12} {MetricText.Number(Mean(s.Key))} ± {MetricText.Number(StandardDeviation(s.Key))}"));
}
