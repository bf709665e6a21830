using Deedle;

namespace Analysis.Stats;

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
