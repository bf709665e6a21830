using Analysis.Stats;
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
        Analysis.Contracts.RandomSeeds.Note($"{GetType().Name} fold assignment", RandomSeed);
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
        Analysis.Contracts.RandomSeeds.Note($"{GetType().Name} training", RandomSeed);
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
