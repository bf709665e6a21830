using Analysis.Stats;
using Deedle;
using Microsoft.ML;

namespace Analysis.ML.Learning;

/// <summary>A fitted ML.NET model with the feature scaling and class names it was trained with.</summary>
/// <typeparam name="TMetrics">What evaluation returns.</typeparam>
public abstract class TrainedModel<TMetrics> where TMetrics : IMetrics
{
    private readonly Func<int, CrossValidation<TMetrics>> _crossValidate;

    private protected TrainedModel(IReadOnlyList<string> features, string label, Standardizer scaling, ITransformer transformer, MLContext context, Trainer trainer,
        Func<int, CrossValidation<TMetrics>> crossValidate)
    {
        _crossValidate = crossValidate;
        Features = features;
        Label = label;
        Scaling = scaling;
        Transformer = transformer;
        Context = context;
        Trainer = trainer;
    }

    /// <summary>The feature columns the model reads.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The label column.</summary>
    public string Label { get; }

    /// <summary>The feature scaling learnt from the training rows.</summary>
    public Standardizer Scaling { get; }

    /// <summary>The fitted ML.NET pipeline, for saving with <c>MLContext.Model.Save</c>.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The trainer used.</summary>
    public Trainer Trainer { get; }

    internal MLContext Context { get; }

    /// <summary>The rows standardised in double precision, as every prediction is scored (see <see cref="Margin"/>).</summary>
    internal double[][] Standardized(FrameColumns data) => [.. data.X.Select(Scaling.Transform)];

    /// <summary>Evaluates the model on <paramref name="frame"/>, which needs the feature and label columns.</summary>
    /// <exception cref="ArgumentException">A column is missing or mistyped, or a label value is unknown; the message names it.</exception>
    public TMetrics Evaluate<TRow>(Frame<TRow, string> frame) => Evaluate(FrameColumns.Read(frame, Label, Features));

    internal abstract TMetrics Evaluate(FrameColumns data);

    /// <summary>Cross-validates the task this model was fitted by (same trainer, settings and rows).</summary>
    /// <param name="folds">Number of folds.</param>
    public CrossValidation<TMetrics> CrossValidate(int folds = 5) => _crossValidate(folds);

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} of '{Label}' on {Features.Count} features ({Trainer})";
}
