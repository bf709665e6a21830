using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>The optimiser a training run uses.</summary>
public enum OptimizerKind
{
    /// <summary>Adam as torch.optim.Adam with its defaults (betas 0.9 and 0.999, eps 1e-8).</summary>
    Adam,

    /// <summary>Plain stochastic gradient descent without momentum (torch.optim.SGD); what federated averaging uses.</summary>
    Sgd,
}

/// <summary>How a network is trained.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the data (default 10).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per gradient step; 0 (or at least the row count) for full-batch gradient descent. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Step size (default 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The optimiser (default Adam).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>L2 weight decay (default 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Seeds torch (dropout) and our batch shuffling; the same seed and data give the same weights. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where to train (default <see cref="Device.Auto"/>).</summary>
    public Device Device { get; init; } = Device.Auto;

    /// <summary>A last batch with fewer rows than this joins the batch before it (default 1: never). Site nodes set their minimum subset size, so no step averages fewer patients.</summary>
    public int MinimumBatch { get; init; } = 1;

    /// <summary>Stop when the monitored loss has not improved for this many epochs, and keep the best weights; null never stops early.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Held-out inputs reported each epoch and monitored for early stopping (the training loss is monitored without them).</summary>
    public Tensor? ValidationX { get; init; }

    /// <summary>Held-out targets, shaped like the training targets.</summary>
    public Tensor? ValidationY { get; init; }
}
