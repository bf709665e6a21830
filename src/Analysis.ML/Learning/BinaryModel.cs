using Analysis.Stats;
using Deedle;
using Microsoft.ML;

namespace Analysis.ML.Learning;

/// <summary>A fitted binary classifier.</summary>
public sealed class BinaryModel : TrainedModel<BinaryMetrics>
{
    private readonly LabelClasses _classes;

    internal BinaryModel(IReadOnlyList<string> features, string label, LabelClasses classes, Standardizer scaling, ITransformer transformer, MLContext context, Trainer trainer,
        Func<int, CrossValidation<BinaryMetrics>> crossValidate) : base(features, label, scaling, transformer, context, trainer, crossValidate)
    {
        _classes = classes;
        Scorer = BinaryScorer.From(transformer);
    }

    /// <summary>The fitted model's margin and calibration, scored in double precision.</summary>
    internal BinaryScorer Scorer { get; }

    /// <summary>The label value counted as positive.</summary>
    public string Positive => _classes.Names[1];

    /// <summary>The predicted probability of <see cref="Positive"/> for each row of <paramref name="frame"/>.</summary>
    /// <remarks>Computed in double precision from the fitted parameters, as scikit-learn's <c>predict_proba</c>: ML.NET's own
    /// float32 probabilities round to exactly 1.0 for confident rows, which then tie.</remarks>
    /// <exception cref="ArgumentException">A feature column is missing or mistyped.</exception>
    public double[] PredictProbability<TRow>(Frame<TRow, string> frame) => [.. Logits(FrameColumns.Read(frame, null, Features)).Select(Platt.Sigmoid)];

    /// <summary>The predicted log-odds of <see cref="Positive"/> for each row of <paramref name="frame"/> (the probability is its logistic function).</summary>
    /// <remarks>For logistic regression, scikit-learn's <c>decision_function</c>; for boosted trees, ML.NET's score through its
    /// calibration. Unlike the probability, which is exactly 1 in double once the log-odds pass about 37, it keeps
    /// confident rows apart: evaluation ranks rows by it (AUC, average precision, curves) and takes the log-loss from it.</remarks>
    /// <exception cref="ArgumentException">A feature column is missing or mistyped.</exception>
    public double[] PredictLogit<TRow>(Frame<TRow, string> frame) => Logits(FrameColumns.Read(frame, null, Features));

    internal double[] Logits(FrameColumns data) => [.. Standardized(data).Select(Scorer.Logit)];

    internal override BinaryMetrics Evaluate(FrameColumns data)
    {
        var y = _classes.Encode(data);
        var logits = Logits(data);
        return BinaryMetrics.Compute([.. y.Select(k => k == 1)], [.. logits.Select(Platt.Sigmoid)], logits: logits);
    }
}
