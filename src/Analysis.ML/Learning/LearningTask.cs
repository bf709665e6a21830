using Deedle;
using Microsoft.ML;

namespace Analysis.ML.Learning;

/// <summary>A supervised learning task over a frame, configured fluently and then fitted or cross-validated.</summary>
/// <typeparam name="TSelf">The concrete task, so the fluent methods keep its type.</typeparam>
/// <typeparam name="TModel">What <see cref="Fit"/> returns.</typeparam>
/// <typeparam name="TMetrics">What evaluation returns.</typeparam>
public abstract class LearningTask<TSelf, TModel, TMetrics>
    where TSelf : LearningTask<TSelf, TModel, TMetrics>
    where TModel : TrainedModel<TMetrics>
    where TMetrics : IMetrics
{
    private protected LearningTask(FrameColumns data, string label)
    {
        Data = data;
        Label = label;
    }

    internal FrameColumns Data { get; }

    /// <summary>The label column.</summary>
    public string Label { get; }

    /// <summary>The feature columns, in order.</summary>
    public IReadOnlyList<string> Features => Data.Features;

    /// <summary>The learning algorithm (default <see cref="Trainer.LogisticRegression"/>, or <see cref="Trainer.LightGbm"/> for regression).</summary>
    public Trainer Trainer { get; private set; } = Trainer.LogisticRegression();

    /// <summary>The seed for ML.NET and the fold assignment.</summary>
    public int RandomSeed { get; private set; } = 1;

    /// <summary>Whether features are standardised with the training rows' mean and SD before fitting (default on).</summary>
    public bool Standardizes { get; private set; } = true;

    /// <summary>Uses <paramref name="trainer"/>, e.g. <c>Trainer.LightGbm(trees: 200)</c>.</summary>
    public TSelf Using(Trainer trainer)
    {
        Trainer = trainer ?? throw new ArgumentNullException(nameof(trainer));
        return (TSelf)this;
    }

    /// <summary>Sets the seed; the same seed gives the same model and folds.</summary>
    public TSelf Seed(int seed)
    {
        RandomSeed = seed;
        return (TSelf)this;
    }

    /// <summary>Turns standardisation of the features on or off.</summary>
    public TSelf Standardize(bool on = true)
    {
        Standardizes = on;
        return (TSelf)this;
    }

    /// <summary>Fits the model on every row of the frame.</summary>
    public TModel Fit() => FitOn(Data);

    /// <summary>Stratified k-fold cross-validation: each fold held out once, the model fitted on the others.</summary>
    /// <param name="folds">Number of folds (2 or more).</param>
    /// <exception cref="ArgumentException">Fewer than 2 folds, or more folds than rows.</exception>
    public CrossValidation<TMetrics> CrossValidate(int folds = 5)
    {
        if (folds < 2 || folds > Data.Count) throw new ArgumentException($"folds must be between 2 and the number of rows ({Data.Count}), not {folds}", nameof(folds));
        var assignment = FoldAssignment.Stratified(Strata(), folds, RandomSeed);
        var results = new List<TMetrics>();
        for (var f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, Data.Count).Where(i => assignment[i] != f).ToList();
            var test = Enumerable.Range(0, Data.Count).Where(i => assignment[i] == f).ToList();
            results.Add(FitOn(Data.Subset(train)).Evaluate(Data.Subset(test)));
        }
        return new CrossValidation<TMetrics>(results, RandomSeed);
    }

    /// <summary>A seeded context, the scaling fitted on <paramref name="data"/>, and the scaled rows as a view built by <paramref name="row"/>.</summary>
    private protected (MLContext Ml, Standardizer Scaling, IDataView View) Prepare<TRow>(FrameColumns data, Func<int, float[], TRow> row) where TRow : class
    {
        var ml = new MLContext(RandomSeed);
        var scaling = Standardizes ? Standardizer.Fit(data.X) : Standardizer.Identity(data.Features.Count);
        return (ml, scaling, MlRows.View(ml, data.X.Select((x, i) => row(i, scaling.Apply(x))).ToList(), data.Features.Count));
    }

    internal abstract TModel FitOn(FrameColumns data);

    /// <summary>A stratum per row for the folds (the class; all 0 for regression).</summary>
    internal abstract int[] Strata();

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} of '{Label}' on {Features.Count} features, {Data.Count} rows, {Trainer}, seed {RandomSeed}";
}

/// <summary>Assigns rows to folds.</summary>
internal static class FoldAssignment
{
    /// <summary>Within each stratum, rows shuffled with the seed and dealt to folds in turn, so each fold keeps the class mix.</summary>
    public static int[] Stratified(int[] strata, int folds, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        var assignment = new int[strata.Length];
        var next = 0;
        foreach (var group in strata.Select((s, i) => (s, i)).GroupBy(p => p.s).OrderBy(g => g.Key))
        {
            var rows = group.Select(p => p.i).ToArray();
            rng.Shuffle(rows);
            foreach (var row in rows) assignment[row] = next++ % folds;
        }
        return assignment;
    }
}

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

    internal float[][] Scaled(FrameColumns data) => [.. data.X.Select(Scaling.Apply)];

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
