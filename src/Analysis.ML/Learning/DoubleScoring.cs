using System.Collections;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Analysis.ML.Learning;

/// <summary>
/// The raw score (margin) of one fitted ML.NET scalar model, computed in double precision from its parameters.
/// </summary>
/// <remarks>
/// ML.NET hands out <c>Score</c> and <c>Probability</c> as float32. A probability near 1 then rounds to exactly 1.0:
/// on nearly separable data dozens of rows tie there, and the AUC, log-loss and Brier score computed from them no
/// longer match scikit-learn's or R's, which score in double. Every prediction and metric of <see cref="Learn"/>'s
/// models is computed here instead, from the fitted parameters, in double.
/// </remarks>
internal abstract class Margin
{
    /// <summary>The margin of one standardised row.</summary>
    public abstract double Of(double[] row);

    /// <summary>The margin of an ML.NET model parameters object (a calibrated one's inner model).</summary>
    /// <exception cref="NotSupportedException">A model kind <see cref="Trainer"/> does not produce.</exception>
    public static Margin From(object model) => model switch
    {
        CalibratedModelParametersBase calibrated => From(calibrated.SubModel),
        LinearModelParameters linear => new LinearMargin([.. linear.Weights.Select(w => (double)w)], linear.Bias),
        TreeEnsembleModelParametersBasedOnRegressionTree trees => new TreeMargin(trees.TrainedTreeEnsemble),
        _ => throw new NotSupportedException($"scoring {model.GetType().Name} in double precision is not supported"),
    };

    /// <summary>The model parameters of a fitted pipeline's prediction transformer (its last one).</summary>
    public static object ParametersOf(ITransformer transformer) => transformer switch
    {
        IPredictionTransformer<object> prediction => prediction.Model,
        IEnumerable<ITransformer> chain when chain.LastOrDefault() is IPredictionTransformer<object> last => last.Model,
        _ => throw new NotSupportedException($"{transformer.GetType().Name} has no prediction transformer"),
    };
}

/// <summary>A linear model: bias plus weights times the features, summed in double over the double-precision features.</summary>
/// <remarks>The weights are the float32 ones ML.NET fitted; only the arithmetic is done in double, as scikit-learn's <c>decision_function</c>.</remarks>
internal sealed class LinearMargin(double[] weights, double bias) : Margin
{
    /// <summary>The coefficients, one per feature.</summary>
    public double[] Weights { get; } = weights;

    /// <summary>The intercept.</summary>
    public double Bias { get; } = bias;

    /// <inheritdoc />
    public override double Of(double[] row)
    {
        var sum = Bias;
        for (var j = 0; j < Weights.Length; j++) sum += Weights[j] * row[j];
        return sum;
    }
}

/// <summary>A tree ensemble (FastTree, LightGBM): the sum of the leaf values the row reaches, as ML.NET sums them before narrowing.</summary>
/// <remarks>
/// ML.NET compares float32 features with float32 thresholds and adds the double leaf values in double, then rounds the
/// sum to float32. This takes the same path and keeps the double sum: the features are rounded to float32 as the model
/// saw them in training (a threshold may equal a feature's float32 value exactly, so deciding on the double value could
/// take the other branch), then the leaves are summed in double. Tree weights and the ensemble bias are left out
/// because ML.NET's scorer leaves them out too.
/// </remarks>
internal sealed class TreeMargin : Margin
{
    private readonly Tree[] _trees;

    public TreeMargin(RegressionTreeEnsemble ensemble) => _trees = [.. ensemble.Trees.Select(t => new Tree(t))];

    /// <inheritdoc />
    public override double Of(double[] row)
    {
        double sum = 0;
        foreach (var tree in _trees) sum += tree.Output(row);
        return sum;
    }

    // The public tree API hands out boxed immutable arrays on every access; one copy into plain arrays per tree.
    private sealed class Tree(RegressionTree tree)
    {
        private readonly int[] _left = [.. tree.LeftChild];
        private readonly int[] _right = [.. tree.RightChild];
        private readonly int[] _feature = [.. tree.NumericalSplitFeatureIndexes];
        private readonly float[] _threshold = [.. tree.NumericalSplitThresholds];
        private readonly int[]?[] _categories = [.. Enumerable.Range(0, tree.NumberOfNodes).Select(n => tree.CategoricalSplitFlags[n] ? tree.GetCategoricalSplitFeaturesAt(n).ToArray() : null)];
        private readonly double[] _leaves = [.. tree.LeafValues];

        public double Output(double[] row)
        {
            // ML.NET scores a tree without splits as 0 (LightGBM's constant trees are stored with a split when not 0).
            if (_left.Length == 0 || _left[0] == 0) return 0;
            var node = 0;
            while (node >= 0)
            {
                var right = _categories[node] is { } categories
                    ? categories.Any(j => (float)row[j] > 0f)
                    : !((float)row[_feature[node]] <= _threshold[node]);
                node = right ? _right[node] : _left[node];
            }
            return _leaves[~node];
        }
    }
}

/// <summary>Platt scaling as ML.NET's <c>PlattCalibrator</c> defines it, in double: <c>1 / (1 + exp(Slope × margin + Offset))</c>.</summary>
internal sealed record Platt(double Slope, double Offset)
{
    /// <summary>The calibrator of a calibrated model.</summary>
    /// <exception cref="NotSupportedException">Another kind of calibrator (none of <see cref="Trainer"/>'s).</exception>
    public static Platt From(CalibratedModelParametersBase model) => model.Calibrator is PlattCalibrator platt
        ? new Platt(platt.Slope, platt.Offset)
        : throw new NotSupportedException($"scoring a {model.Calibrator.GetType().Name} in double precision is not supported");

    /// <summary>The log-odds of the positive class: <c>-(Slope × margin + Offset)</c>, which orders rows as the probability does but never ties where it rounds to 1.</summary>
    public double Logit(double margin) => -(Slope * margin + Offset);

    /// <summary>The probability of the positive class.</summary>
    public double Probability(double margin) => Sigmoid(Logit(margin));

    /// <summary>The logistic function.</summary>
    public static double Sigmoid(double logit) => 1 / (1 + Math.Exp(-logit));
}

/// <summary>A binary classifier scored in double: its margin and its Platt calibration.</summary>
internal sealed class BinaryScorer
{
    private BinaryScorer(Margin margin, Platt platt)
    {
        Margin = margin;
        Platt = platt;
    }

    /// <summary>The raw score.</summary>
    public Margin Margin { get; }

    /// <summary>The calibration of the raw score into a probability.</summary>
    public Platt Platt { get; }

    /// <summary>The log-odds of the positive class for one standardised row.</summary>
    public double Logit(double[] row) => Platt.Logit(Margin.Of(row));

    /// <summary>The scorer of a fitted binary pipeline (its last transformer is the calibrated predictor).</summary>
    public static BinaryScorer From(ITransformer transformer) => Margin.ParametersOf(transformer) is CalibratedModelParametersBase calibrated
        ? new BinaryScorer(Margin.From(calibrated), Platt.From(calibrated))
        : throw new NotSupportedException($"the binary model {Margin.ParametersOf(transformer).GetType().Name} is not calibrated");
}

/// <summary>A multiclass classifier scored in double: a margin per class (in the model's class-key order) and how they become probabilities.</summary>
internal sealed class MulticlassScorer
{
    private readonly Margin[] _margins;
    private readonly Platt[]? _platt;

    private MulticlassScorer(Margin[] margins, Platt[]? platt)
    {
        _margins = margins;
        _platt = platt;
    }

    /// <summary>The probability per class key (ML.NET's slot order) of one standardised row.</summary>
    public double[] Probabilities(double[] row)
    {
        var margins = _margins.Select(m => m.Of(row)).ToArray();
        if (_platt is null) return Softmax(margins);
        // One-versus-all with calibrated classifiers: each class's probability, normalised to sum to one (ML.NET's
        // OneVersusAll "probability normalisation").
        var p = margins.Select((m, k) => _platt[k].Probability(m)).ToArray();
        var sum = p.Sum();
        return sum > 0 ? [.. p.Select(v => v / sum)] : p;
    }

    private static double[] Softmax(double[] margins)
    {
        // Shifted by the largest margin so no exponential overflows.
        var max = margins.Max();
        var e = margins.Select(m => Math.Exp(m - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    /// <summary>The scorer of a fitted multiclass pipeline.</summary>
    /// <exception cref="NotSupportedException">A model kind <see cref="Trainer"/> does not produce.</exception>
    public static MulticlassScorer From(ITransformer transformer) => Margin.ParametersOf(transformer) switch
    {
        MaximumEntropyModelParameters maxEnt => MaximumEntropy(maxEnt),
        OneVersusAllModelParameters ova => OneVersusAll(ova),
        var other => throw new NotSupportedException($"scoring {other.GetType().Name} in double precision is not supported"),
    };

    private static MulticlassScorer MaximumEntropy(MaximumEntropyModelParameters model)
    {
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out var classes);
        var biases = model.GetBiases().ToArray();
        return new MulticlassScorer([.. Enumerable.Range(0, classes).Select(k => new LinearMargin([.. weights[k].DenseValues().Select(w => (double)w)], biases[k]))], null);
    }

    // ML.NET 5 keeps a one-versus-all model's per-class models and its output formula internal; both are read by name
    // here. A later ML.NET that renames them fails here with this message (and the tests that compare these
    // probabilities with ML.NET's own fail with it), never silently.
    private static MulticlassScorer OneVersusAll(OneVersusAllModelParameters model)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var subModels = typeof(OneVersusAllModelParameters).GetProperty("SubModelParameters", flags)?.GetValue(model) as IEnumerable;
        var implementation = typeof(OneVersusAllModelParameters).GetField("_impl", flags)?.GetValue(model);
        var formula = implementation?.GetType().GetField("OutputFormula", flags)?.GetValue(implementation)?.ToString();
        if (subModels is null || formula is null)
            throw new NotSupportedException("this ML.NET version's OneVersusAllModelParameters has no SubModelParameters or output formula to score in double precision");
        var models = subModels.Cast<object>().ToArray();
        var margins = models.Select(Margin.From).ToArray();
        return formula switch
        {
            // LightGBM's softmax objective: a softmax over the classes' raw margins.
            "Softmax" => new MulticlassScorer(margins, null),
            "ProbabilityNormalization" => new MulticlassScorer(margins,
                [.. models.Select(m => m is CalibratedModelParametersBase c ? Platt.From(c) : throw new NotSupportedException($"one-versus-all class model {m.GetType().Name} is not calibrated"))]),
            _ => throw new NotSupportedException($"one-versus-all output formula {formula} gives no probabilities"),
        };
    }
}
