using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Analysis.ML.Learning;

/// <summary>
/// An ML.NET learning algorithm with its settings, for <see cref="Learn"/>'s tasks: <c>.Using(Trainer.LightGbm())</c>.
/// </summary>
/// <remarks>Each trainer knows the ML.NET catalog entries it maps to for binary classification, multiclass
/// classification and regression; a combination that does not exist (logistic regression for a numeric outcome) is
/// refused when the task is fitted.</remarks>
public abstract record Trainer
{
    /// <summary>The trainer's name as shown in results.</summary>
    public abstract string Name { get; }

    /// <summary>L2-regularised logistic regression by L-BFGS (<c>LbfgsLogisticRegression</c>; multiclass: <c>LbfgsMaximumEntropy</c>).</summary>
    /// <param name="l2">L2 penalty weight on the coefficients (ML.NET's default 1; comparable to scikit-learn's <c>C = 1/l2</c>).</param>
    /// <param name="tolerance">Optimiser convergence tolerance.</param>
    public static Trainer LogisticRegression(float l2 = 1f, float tolerance = 1e-7f) => new Lbfgs(l2, tolerance);

    /// <summary>Logistic regression by stochastic dual coordinate ascent (<c>SdcaLogisticRegression</c>; multiclass <c>SdcaMaximumEntropy</c>; regression <c>Sdca</c>).</summary>
    /// <param name="l2">L2 penalty; null lets ML.NET choose from the data.</param>
    /// <param name="iterations">Passes over the data; null lets ML.NET choose.</param>
    public static Trainer Sdca(float? l2 = null, int? iterations = null) => new SdcaTrainer(l2, iterations);

    /// <summary>Gradient-boosted trees (<c>FastTree</c>; multiclass by one-versus-all).</summary>
    /// <param name="trees">Number of trees.</param>
    /// <param name="leaves">Leaves per tree.</param>
    /// <param name="learningRate">Shrinkage.</param>
    public static Trainer FastTree(int trees = 100, int leaves = 20, double learningRate = 0.2) => new FastTreeTrainer(trees, leaves, learningRate);

    /// <summary>LightGBM gradient boosting (<c>LightGbm</c> for all three tasks).</summary>
    /// <param name="trees">Boosting iterations.</param>
    /// <param name="leaves">Leaves per tree.</param>
    /// <param name="learningRate">Shrinkage.</param>
    /// <param name="minimumExamplesPerLeaf">Smallest leaf.</param>
    public static Trainer LightGbm(int trees = 100, int leaves = 20, double learningRate = 0.1, int minimumExamplesPerLeaf = 10) =>
        new LightGbmTrainer(trees, leaves, learningRate, minimumExamplesPerLeaf);

    internal abstract IEstimator<ITransformer> Binary(MLContext ml);

    internal abstract IEstimator<ITransformer> Multiclass(MLContext ml);

    internal virtual IEstimator<ITransformer> Regression(MLContext ml) =>
        throw new ArgumentException($"{Name} does not fit a numeric outcome; use Trainer.Sdca(), Trainer.FastTree() or Trainer.LightGbm()", "trainer");

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed record Lbfgs(float L2, float Tolerance) : Trainer
    {
        public override string Name => $"LogisticRegression(l2: {L2})";

        internal override IEstimator<ITransformer> Binary(MLContext ml) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
            new LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = L2, L1Regularization = 0, OptimizationTolerance = Tolerance, NumberOfThreads = 1 });

        internal override IEstimator<ITransformer> Multiclass(MLContext ml) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
            new LbfgsMaximumEntropyMulticlassTrainer.Options { L2Regularization = L2, L1Regularization = 0, OptimizationTolerance = Tolerance, NumberOfThreads = 1 });
    }

    private sealed record SdcaTrainer(float? L2, int? Iterations) : Trainer
    {
        public override string Name => "Sdca";

        internal override IEstimator<ITransformer> Binary(MLContext ml) =>
            ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { L2Regularization = L2, MaximumNumberOfIterations = Iterations, NumberOfThreads = 1 });

        internal override IEstimator<ITransformer> Multiclass(MLContext ml) =>
            ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { L2Regularization = L2, MaximumNumberOfIterations = Iterations, NumberOfThreads = 1 });

        internal override IEstimator<ITransformer> Regression(MLContext ml) =>
            ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { L2Regularization = L2, MaximumNumberOfIterations = Iterations, NumberOfThreads = 1 });
    }

    private sealed record FastTreeTrainer(int Trees, int Leaves, double LearningRate) : Trainer
    {
        public override string Name => $"FastTree(trees: {Trees}, leaves: {Leaves})";

        internal override IEstimator<ITransformer> Binary(MLContext ml) => ml.BinaryClassification.Trainers.FastTree(
            new FastTreeBinaryTrainer.Options { NumberOfTrees = Trees, NumberOfLeaves = Leaves, LearningRate = LearningRate, NumberOfThreads = 1 });

        internal override IEstimator<ITransformer> Multiclass(MLContext ml) => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfTrees = Trees, NumberOfLeaves = Leaves, LearningRate = LearningRate, NumberOfThreads = 1 }));

        internal override IEstimator<ITransformer> Regression(MLContext ml) => ml.Regression.Trainers.FastTree(
            new FastTreeRegressionTrainer.Options { NumberOfTrees = Trees, NumberOfLeaves = Leaves, LearningRate = LearningRate, NumberOfThreads = 1 });
    }

    private sealed record LightGbmTrainer(int Trees, int Leaves, double LearningRate, int MinimumExamplesPerLeaf) : Trainer
    {
        public override string Name => $"LightGbm(trees: {Trees}, leaves: {Leaves})";

        internal override IEstimator<ITransformer> Binary(MLContext ml) => ml.BinaryClassification.Trainers.LightGbm(
            new LightGbmBinaryTrainer.Options { NumberOfIterations = Trees, NumberOfLeaves = Leaves, LearningRate = LearningRate, MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf, NumberOfThreads = 1, Seed = 1 });

        internal override IEstimator<ITransformer> Multiclass(MLContext ml) => ml.MulticlassClassification.Trainers.LightGbm(
            new LightGbmMulticlassTrainer.Options { NumberOfIterations = Trees, NumberOfLeaves = Leaves, LearningRate = LearningRate, MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf, NumberOfThreads = 1, Seed = 1 });

        internal override IEstimator<ITransformer> Regression(MLContext ml) => ml.Regression.Trainers.LightGbm(
            new LightGbmRegressionTrainer.Options { NumberOfIterations = Trees, NumberOfLeaves = Leaves, LearningRate = LearningRate, MinimumExampleCountPerLeaf = MinimumExamplesPerLeaf, NumberOfThreads = 1, Seed = 1 });
    }
}
