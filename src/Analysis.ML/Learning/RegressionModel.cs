using Analysis.Stats;
using Deedle;
using Microsoft.ML;
using Microsoft.ML.Data;
// ML.NET has a RegressionMetrics of its own in Microsoft.ML.Data; ours is the statistics library's.
using RegressionMetrics = Analysis.Stats.RegressionMetrics;

namespace Analysis.ML.Learning;

/// <summary>A fitted regression model.</summary>
public sealed class RegressionModel : TrainedModel<RegressionMetrics>
{
    internal RegressionModel(IReadOnlyList<string> features, string label, Standardizer scaling, ITransformer transformer, MLContext context, Trainer trainer,
        Func<int, CrossValidation<RegressionMetrics>> crossValidate) : base(features, label, scaling, transformer, context, trainer, crossValidate)
    {
    }

    /// <summary>The predicted value for each row of <paramref name="frame"/>.</summary>
    public double[] Predict<TRow>(Frame<TRow, string> frame) => Predictions(FrameColumns.Read(frame, null, Features));

    internal double[] Predictions(FrameColumns data)
    {
        var view = MlRows.View(Context, Scaled(data).Select(x => new MlRows.Numeric { Features = x }).ToList(), Features.Count);
        return [.. Transformer.Transform(view).GetColumn<float>("Score").Select(p => (double)p)];
    }

    internal override RegressionMetrics Evaluate(FrameColumns data) =>
        RegressionMetrics.Compute(Regression.Outcome(data, Label), Predictions(data));
}
