using Analysis.Stats;
using Deedle;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Analysis.ML.Learning;

/// <summary>A fitted multiclass classifier.</summary>
public sealed class MulticlassModel : TrainedModel<MulticlassMetrics>
{
    private readonly LabelClasses _classes;
    private readonly MulticlassScorer _scorer;
    private readonly int[] _order;

    internal MulticlassModel(IReadOnlyList<string> features, string label, LabelClasses classes, Standardizer scaling, ITransformer transformer, MLContext context, Trainer trainer,
        Func<int, CrossValidation<MulticlassMetrics>> crossValidate) : base(features, label, scaling, transformer, context, trainer, crossValidate)
    {
        _classes = classes;
        _scorer = MulticlassScorer.From(transformer);
        // The model's classes follow the key mapping's order, which is ML.NET's choice; they are mapped to ours by the
        // score column's slot names (the schema only: no row is scored).
        var empty = MlRows.View(context, new List<MlRows.Named>(), features.Count);
        var slots = default(VBuffer<ReadOnlyMemory<char>>);
        transformer.GetOutputSchema(empty.Schema)["Score"].GetSlotNames(ref slots);
        var names = slots.DenseValues().Select(n => n.ToString()).ToList();
        _order = [.. classes.Names.Select(c => names.IndexOf(c))];
    }

    /// <summary>The classes, in the order of probability vectors.</summary>
    public IReadOnlyList<string> Classes => _classes.Names;

    /// <summary>Per row of <paramref name="frame"/>, a probability per class (in <see cref="Classes"/> order).</summary>
    public double[][] PredictProbabilities<TRow>(Frame<TRow, string> frame) => Probabilities(FrameColumns.Read(frame, null, Features));

    internal double[][] Probabilities(FrameColumns data) => [.. Standardized(data).Select(row =>
    {
        var p = _scorer.Probabilities(row);
        // A class the training rows lacked (a cross-validation fold can) has no model: probability 0.
        return _order.Select(k => k < 0 ? 0.0 : p[k]).ToArray();
    })];

    internal override MulticlassMetrics Evaluate(FrameColumns data) => MulticlassMetrics.Compute(_classes.Names, _classes.Encode(data), Probabilities(data));
}
