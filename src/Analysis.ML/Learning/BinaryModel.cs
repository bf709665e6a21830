using Analysis.Stats;
using Deedle;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Analysis.ML.Learning;

/// <summary>A fitted binary classifier.</summary>
public sealed class BinaryModel : TrainedModel<BinaryMetrics>
{
    private readonly LabelClasses _classes;

    internal BinaryModel(IReadOnlyList<string> features, string label, LabelClasses classes, Standardizer scaling, ITransformer transformer, MLContext context, Trainer trainer,
        Func<int, CrossValidation<BinaryMetrics>> crossValidate) : base(features, label, scaling, transformer, context, trainer, crossValidate) => _classes = classes;

    /// <summary>The label value counted as positive.</summary>
    public string Positive => _classes.Names[1];

    /// <summary>The predicted probability of <see cref="Positive"/> for each row of <paramref name="frame"/>.</summary>
    /// <exception cref="ArgumentException">A feature column is missing or mistyped.</exception>
    public double[] PredictProbability<TRow>(Frame<TRow, string> frame) => Probabilities(FrameColumns.Read(frame, null, Features));

    internal double[] Probabilities(FrameColumns data)
    {
        var view = MlRows.View(Context, Scaled(data).Select(x => new MlRows.Binary { Features = x }).ToList(), Features.Count);
        return [.. Transformer.Transform(view).GetColumn<float>("Probability").Select(p => (double)p)];
    }

    internal override BinaryMetrics Evaluate(FrameColumns data)
    {
        var y = _classes.Encode(data);
        return BinaryMetrics.Compute([.. y.Select(k => k == 1)], Probabilities(data));
    }
}
