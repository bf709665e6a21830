using Analysis.Stats;
using Analysis.ML.Learning;
using Deedle;
using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>Training of a <see cref="Network"/>: deterministic shuffling by our own generator, one optimiser step per batch, a report per epoch.</summary>
/// <remarks>The loop itself lives in Analysis.ML.Torch, where the site node's federated step runs the same one; this adds
/// what notebooks want on top: the validation AUC (from <see cref="RocCurve"/>, over the logits), tensors read from frames and a
/// history as a frame.</remarks>
public static class NetworkTraining
{
    /// <summary>Trains <paramref name="network"/> in place.</summary>
    /// <param name="network">The network.</param>
    /// <param name="x">Inputs, first dimension rows.</param>
    /// <param name="y">Targets: [rows, 1] float 0/1 (binary), [rows] int64 (classes) or [rows, k] float (numeric).</param>
    /// <param name="options">Epochs, batch size, optimiser, seed, early stopping, device.</param>
    /// <param name="progress">Gets one report per epoch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException">Shapes or options that cannot work; the message says which.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TrainingResult Fit(this Network network, Tensor x, Tensor y, TrainingOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        TrainingLoop.Run(network, x, y, options ?? new TrainingOptions(), (actual, logits) => RocCurve.FromScores("validation", actual, logits).Auc, progress, cancellationToken);

    /// <summary>Trains on a frame's tensors (see <see cref="Tensors.FromFrame"/>).</summary>
    /// <exception cref="ArgumentException">The tensors have no label, or shapes or options that cannot work.</exception>
    public static TrainingResult Fit(this Network network, TabularTensors data, TrainingOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        network.Fit(data.X, data.Y ?? throw new ArgumentException("the tensors have no label; read them with a label column", nameof(data)), options, progress, cancellationToken);

    /// <summary>The loss a network of that output kind trains with (mean over the rows).</summary>
    public static Tensor Loss(OutputKind kind, Tensor output, Tensor target) => TrainingLoop.Loss(kind, output, target);

    /// <summary>One row per epoch.</summary>
    public static Frame<int, string> ToFrame(this TrainingResult result) => Frame.FromRecords(result.History);
}
