using Analysis.Stats;

namespace Analysis.ML.Learning;

/// <summary>A regression task; see <see cref="Learn.Regression"/>.</summary>
public sealed class Regression : LearningTask<Regression, RegressionModel, RegressionMetrics>
{
    internal Regression(FrameColumns data, string label) : base(data, label)
    {
        Outcome(data, label);
        Using(Trainer.LightGbm());
    }

    internal static double[] Outcome(FrameColumns data, string label) => [.. data.Labels.Select((v, i) => v switch
    {
        double d => d,
        float f => f,
        int n => n,
        long n => n,
        decimal m => (double)m,
        _ => throw new ArgumentException($"label column '{label}' holds {v?.GetType().Name ?? "null"} values (row {data.RowKeys[i]}), not numbers", nameof(label)),
    })];

    internal override RegressionModel FitOn(FrameColumns data)
    {
        var y = Outcome(data, Label);
        var (ml, scaling, view) = Prepare(data, (i, x) => new MlRows.Numeric { Label = (float)y[i], Features = x });
        return new RegressionModel(data.Features, Label, scaling, Trainer.Regression(ml).Fit(view), ml, Trainer, CrossValidate);
    }

    internal override int[] Strata() => new int[Data.Count];
}
