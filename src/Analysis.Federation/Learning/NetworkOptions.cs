using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>
/// What <c>cohort.TrainAsync</c> trains by federated averaging: a binary multilayer perceptron (Linear → ReLU per hidden
/// layer, then one logit) predicting <see cref="Outcome"/> from <see cref="Covariates"/>.
/// </summary>
/// <example><code>
/// var net = await cohort.TrainAsync(new NetworkOptions { Outcome = Variable.Event, Covariates = [Variable.AgeAtDiagnosis, Variable.StageGroup], Hidden = [8], Rounds = 20 });
/// </code></example>
public sealed record NetworkOptions
{
    /// <summary>A categorical variable whose <see cref="Positive"/> level is 1, e.g. <c>Variable.Event</c>.</summary>
    public required Variable Outcome { get; init; }

    /// <summary>The level counted as 1; may be omitted for a two-level outcome (the later level is 1).</summary>
    public string? Positive { get; init; }

    /// <summary>The covariates: numeric ones are standardised with the pooled mean and SD, categorical ones become dummy columns.</summary>
    public required IReadOnlyList<Variable> Covariates { get; init; }

    /// <summary>Hidden layer widths; empty gives federated logistic regression by gradient descent.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [8];

    /// <summary>Rounds of averaging.</summary>
    public int Rounds { get; init; } = 10;

    /// <summary>Local epochs per round.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>SGD step size.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Rows per local step; 0 for full batch. Nodes refuse batches smaller than their minimum subset size.</summary>
    public int BatchSize { get; init; }

    /// <summary>Seeds the initial weights and each round's local shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Optional per-update L2 clipping at the sites.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Optional Gaussian noise at the sites, SD <c>NoiseMultiplier × ClipNorm</c> (a basic mechanism; no privacy accounting).</summary>
    public double? NoiseMultiplier { get; init; }

    /// <summary>Checks the options before anything is sent.</summary>
    /// <exception cref="ArgumentException">A value is out of range or a variable of the wrong kind; the message names it.</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Outcome, nameof(Outcome));
        Variables.Require(Outcome, VariableKind.Categorical, "the outcome", nameof(Outcome));
        Variables.Covariates(Covariates, nameof(Covariates));
        if (Hidden.Any(h => h <= 0)) throw new ArgumentException($"hidden layer widths must be positive: [{string.Join(", ", Hidden)}]", nameof(Hidden));
        if (Rounds < 1) throw new ArgumentException($"{nameof(Rounds)} must be at least 1, not {Rounds}", nameof(Rounds));
        if (LocalEpochs < 1) throw new ArgumentException($"{nameof(LocalEpochs)} must be at least 1, not {LocalEpochs}", nameof(LocalEpochs));
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be positive, not {LearningRate}", nameof(LearningRate));
        if (BatchSize < 0) throw new ArgumentException($"{nameof(BatchSize)} must be 0 (full batch) or positive, not {BatchSize}", nameof(BatchSize));
    }
}
