using Analysis.Stats;
using Microsoft.ML;

namespace Analysis.ML.Learning;

/// <summary>A multiclass classification task; see <see cref="Learn.MulticlassClassification"/>.</summary>
public sealed class MulticlassClassification : LearningTask<MulticlassClassification, MulticlassModel, MulticlassMetrics>
{
    private readonly LabelClasses _classes;

    internal MulticlassClassification(FrameColumns data, string label) : base(data, label) => _classes = LabelClasses.Of(data, label, binary: false, null);

    /// <summary>The classes, in the order of probability vectors.</summary>
    public IReadOnlyList<string> Classes => _classes.Names;

    internal override MulticlassModel FitOn(FrameColumns data)
    {
        var y = _classes.Encode(data);
        var (ml, scaling, view) = Prepare(data, (i, x) => new MlRows.Named { Label = _classes.Names[y[i]], Features = x });
        var transformer = ml.Transforms.Conversion.MapValueToKey("Label").Append(Trainer.Multiclass(ml)).Fit(view);
        return new MulticlassModel(data.Features, Label, _classes, scaling, transformer, ml, Trainer, CrossValidate);
    }

    internal override int[] Strata() => _classes.Encode(Data);
}
