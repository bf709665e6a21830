using Analysis.Stats;
using Deedle;
using Microsoft.ML;
// ML.NET has a RegressionMetrics of its own in Microsoft.ML.Data; ours is the statistics library's.
using RegressionMetrics = Analysis.Stats.RegressionMetrics;

namespace Analysis.ML.Learning;

/// <summary>A fitted regression model.</summary>
public sealed class RegressionModel : TrainedModel<RegressionMetrics>
{
    private readonly Margin _margin;

    internal RegressionModel(IReadOnlyList<string> features, string label, Standardizer scaling, ITransformer transformer, MLContext context, Trainer trainer,
        Func<int, CrossValidation<RegressionMetrics>> crossValidate) : base(features, label, scaling, transformer, context, trainer, crossValidate) =>
        _margin = Margin.From(Margin.ParametersOf(transformer));

    /// <summary>The predicted value for each row of <paramref name="frame"/>.</summary>
    /// <remarks>Computed in double precision from the fitted parameters (ML.NET's own scores are float32).</remarks>
    public double[] Predict<TRow>(Frame<TRow, string> frame) => Predictions(FrameColumns.Read(frame, null, Features));

    internal double[] Predictions(FrameColumns data) => [.. Standardized(data).Select(_margin.Of)];

    internal override RegressionMetrics Evaluate(FrameColumns data) =>
        RegressionMetrics.Compute(Regression.Outcome(data, Label), Predictions(data));
}
