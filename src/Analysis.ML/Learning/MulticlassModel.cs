using Analysis.Stats;
using Deedle;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Analysis.ML.Learning;

/// <summary>A fitted multiclass classifier.</summary>
public sealed class MulticlassModel : TrainedModel<MulticlassMetrics>
{
    private readonly LabelClasses _classes;

    internal MulticlassModel(IReadOnlyList<string> features, string label, LabelClasses classes, Standardizer scaling, ITransformer transformer, MLContext context, Trainer trainer,
        Func<int, CrossValidation<MulticlassMetrics>> crossValidate) : base(features, label, scaling, transformer, context, trainer, crossValidate) => _classes = classes;

    /// <summary>The classes, in the order of probability vectors.</summary>
    public IReadOnlyList<string> Classes => _classes.Names;

    /// <summary>Per row of <paramref name="frame"/>, a probability per class (in <see cref="Classes"/> order).</summary>
    public double[][] PredictProbabilities<TRow>(Frame<TRow, string> frame) => Probabilities(FrameColumns.Read(frame, null, Features));

    internal double[][] Probabilities(FrameColumns data)
    {
        var view = MlRows.View(Context, Scaled(data).Select(x => new MlRows.Named { Label = _classes.Names[0], Features = x }).ToList(), Features.Count);
        var scored = Transformer.Transform(view);
        // The score slots follow the key mapping's order, which is ML.NET's choice; reorder them to ours by slot name.
        var slots = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slots);
        var names = slots.DenseValues().Select(n => n.ToString()).ToList();
        var order = _classes.Names.Select(c => names.IndexOf(c)).ToArray();
        return [.. scored.GetColumn<VBuffer<float>>("Score").Select(s =>
        {
            var values = s.DenseValues().ToArray();
            return order.Select(k => k < 0 ? 0.0 : values[k]).ToArray();
        })];
    }

    internal override MulticlassMetrics Evaluate(FrameColumns data) => MulticlassMetrics.Compute(_classes.Names, _classes.Encode(data), Probabilities(data));
}
