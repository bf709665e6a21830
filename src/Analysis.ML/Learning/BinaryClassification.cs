using Analysis.Stats;

namespace Analysis.ML.Learning;

/// <summary>A binary classification task; see <see cref="Learn.BinaryClassification"/>.</summary>
public sealed class BinaryClassification : LearningTask<BinaryClassification, BinaryModel, BinaryMetrics>
{
    private readonly LabelClasses _classes;

    internal BinaryClassification(FrameColumns data, string label, string? positive) : base(data, label) =>
        _classes = LabelClasses.Of(data, label, binary: true, positive);

    /// <summary>The label value counted as positive.</summary>
    public string Positive => _classes.Names[1];

    internal override BinaryModel FitOn(FrameColumns data)
    {
        var y = _classes.Encode(data);
        var (ml, scaling, view) = Prepare(data, (i, x) => new MlRows.Binary { Label = y[i] == 1, Features = x });
        return new BinaryModel(data.Features, Label, _classes, scaling, Trainer.Binary(ml).Fit(view), ml, Trainer, CrossValidate);
    }

    internal override int[] Strata() => _classes.Encode(Data);
}
