using Deedle;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Analysis.ML.Learning;

/// <summary>Entry points for ML.NET learning over frames, in the manner of ML.NET's MLContext catalogs.</summary>
/// <example><code>
/// var wdbc = Datasets.BreastCancerWisconsin();
/// var model = Learn.BinaryClassification(wdbc, label: "diagnosis").Using(Trainer.LightGbm()).Seed(1).Fit();
/// model.CrossValidate(folds: 5)
/// </code></example>
public static class Learn
{
    /// <summary>Predict a two-valued label (bool, 0/1, or two strings) from numeric features.</summary>
    /// <param name="frame">The training rows.</param>
    /// <param name="label">The label column.</param>
    /// <param name="features">The feature columns; every other numeric column when omitted.</param>
    /// <param name="positive">The label value counted as positive; when omitted, the later of the two in sort order (<c>True</c>, <c>1</c>, <c>malignant</c> over <c>benign</c>).</param>
    /// <exception cref="ArgumentException">A column is missing, mistyped or has missing values, or the label does not have two values; the message names it.</exception>
    public static BinaryClassification BinaryClassification<TRow>(Frame<TRow, string> frame, string label, IEnumerable<string>? features = null, string? positive = null) =>
        new(FrameColumns.Read(frame, label, features?.ToList()), label, positive);

    /// <summary>Predict one of several classes from numeric features.</summary>
    /// <exception cref="ArgumentException">A column is missing, mistyped or has missing values; the message names it.</exception>
    public static MulticlassClassification MulticlassClassification<TRow>(Frame<TRow, string> frame, string label, IEnumerable<string>? features = null) =>
        new(FrameColumns.Read(frame, label, features?.ToList()), label);

    /// <summary>Predict a numeric label from numeric features.</summary>
    /// <exception cref="ArgumentException">A column is missing, mistyped or has missing values, or the label is not numeric; the message names it.</exception>
    public static Regression Regression<TRow>(Frame<TRow, string> frame, string label, IEnumerable<string>? features = null) =>
        new(FrameColumns.Read(frame, label, features?.ToList()), label);
}

/// <summary>The ML.NET row types and schema shared by the tasks.</summary>
internal static class MlRows
{
    public sealed class Binary
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    public sealed class Named
    {
        public string Label { get; set; } = "";
        public float[] Features { get; set; } = [];
    }

    public sealed class Numeric
    {
        public float Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    /// <summary>An in-memory view with the feature vector's size (known only at run time) in its schema.</summary>
    public static IDataView View<T>(MLContext ml, IEnumerable<T> rows, int features, DataViewType? label = null) where T : class
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        if (label is not null) schema["Label"].ColumnType = label;
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}

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
