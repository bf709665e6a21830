using System.Diagnostics;
using System.Globalization;
using Analysis.ML.Learning;
using Analysis.Stats;
using Deedle;
using TorchSharp;
using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>The optimiser a training run uses.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (torch.optim.Adam).</summary>
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

/// <summary>One epoch's report.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs asked for.</param>
/// <param name="Loss">Mean training loss over the epoch's batches (weighted by batch size).</param>
/// <param name="Accuracy">Training accuracy of the epoch's batch predictions (classifiers; null for numeric outputs).</param>
/// <param name="ValidationLoss">Loss on the validation rows after the epoch, when given.</param>
/// <param name="ValidationAuc">AUC on the validation rows (binary networks), when given.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, double Loss, double? Accuracy, double? ValidationLoss, double? ValidationAuc, TimeSpan Elapsed)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"epoch {Epoch}/{Epochs}: loss {Loss.ToString("0.#####", CultureInfo.InvariantCulture)}"
        + (Accuracy is { } a ? $", accuracy {a.ToString("0.###", CultureInfo.InvariantCulture)}" : "")
        + (ValidationLoss is { } v ? $", validation loss {v.ToString("0.#####", CultureInfo.InvariantCulture)}" : "")
        + (ValidationAuc is { } auc ? $", validation AUC {auc.ToString("0.###", CultureInfo.InvariantCulture)}" : "")
        + $" ({Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
}

/// <summary>What a training run did.</summary>
/// <param name="History">One report per epoch run.</param>
/// <param name="BestEpoch">The epoch whose weights the network holds (the last, unless early stopping restored a better one).</param>
/// <param name="StoppedEarly">Whether early stopping ended the run.</param>
/// <param name="Device">The device trained on.</param>
public sealed record TrainingResult(IReadOnlyList<TrainingProgress> History, int BestEpoch, bool StoppedEarly, string Device)
{
    /// <summary>The training loss of the last epoch.</summary>
    public double FinalLoss => History[^1].Loss;

    /// <summary>One row per epoch.</summary>
    public Frame<int, string> ToFrame() => Frame.FromRecords(History);

    /// <inheritdoc />
    public override string ToString() =>
        $"{History.Count} epochs on {Device}{(StoppedEarly ? " (stopped early)" : "")}, best epoch {BestEpoch}; last: {History[^1]}";
}

/// <summary>The training loop: deterministic shuffling by our own generator, one optimiser step per batch, a report per epoch.</summary>
public static class NetworkTraining
{
    /// <summary>Trains <paramref name="network"/> in place.</summary>
    /// <exception cref="ArgumentException">Shapes or options that cannot work; the message says which.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TrainingResult Fit(Network network, Tensor x, Tensor y, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoaded();
        Validate(x, y, options);
        var device = Devices.Resolve(options.Device);
        network.to(device);
        manual_seed(options.Seed);
        var rng = new SplitMix64((ulong)options.Seed);
        var rows = (int)x.shape[0];
        var batch = options.BatchSize <= 0 || options.BatchSize >= rows ? rows : options.BatchSize;
        using var optimizer = options.Optimizer == OptimizerKind.Sgd
            ? (optim.Optimizer)optim.SGD(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay)
            : optim.Adam(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var clock = Stopwatch.StartNew();
        var history = new List<TrainingProgress>();
        var best = (Loss: double.PositiveInfinity, Epoch: 0, Weights: (float[]?)null);
        var stoppedEarly = false;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            network.train();
            double lossSum = 0;
            long correct = 0;
            // A single full batch needs no shuffling; skipping it keeps full-batch runs bit-identical to the unshuffled sum.
            var order = batch == rows ? null : rng.Permutation(rows).Select(i => (long)i).ToArray();
            for (int start = 0, count; start < rows; start += count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                count = Math.Min(batch, rows - start);
                if (rows - start - count < options.MinimumBatch) count = rows - start;
                Tensor bx, by;
                if (order is null || count == rows)
                {
                    (bx, by) = (x, y);
                }
                else
                {
                    var index = tensor(order.AsSpan(start, count).ToArray());
                    (bx, by) = (x.index_select(0, index), y.index_select(0, index));
                }
                bx = bx.to(device);
                by = by.to(device);
                optimizer.zero_grad();
                var output = network.forward(bx);
                var loss = Loss(network.Output, output, by);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * count;
                correct += Correct(network.Output, output, by);
            }
            var (validationLoss, validationAuc) = Validate(network, options, device);
            var report = new TrainingProgress(epoch, options.Epochs, lossSum / rows, network.Output == OutputKind.Numeric ? null : (double)correct / rows,
                validationLoss, validationAuc, clock.Elapsed);
            history.Add(report);
            progress?.Report(report);
            if (options.EarlyStoppingPatience is not { } patience) continue;
            var monitored = validationLoss ?? report.Loss;
            if (monitored < best.Loss) best = (monitored, epoch, network.GetWeights());
            else if (epoch - best.Epoch >= patience)
            {
                stoppedEarly = true;
                break;
            }
        }
        if (best.Weights is { } weights && best.Epoch != history.Count) network.SetWeights(weights);
        return new TrainingResult(history, best.Weights is null ? history.Count : best.Epoch, stoppedEarly, device.ToString());
    }

    /// <summary>The loss a network of that output kind trains with (mean over the rows).</summary>
    public static Tensor Loss(OutputKind kind, Tensor output, Tensor target) => kind switch
    {
        OutputKind.Binary => nn.functional.binary_cross_entropy_with_logits(output, target),
        OutputKind.Classes => nn.functional.cross_entropy(output, target),
        _ => nn.functional.mse_loss(output, target),
    };

    private static long Correct(OutputKind kind, Tensor output, Tensor target)
    {
        using var _ = no_grad();
        return kind switch
        {
            OutputKind.Binary => (output.ge(0).to(ScalarType.Float32) == target).sum().item<long>(),
            OutputKind.Classes => (output.argmax(1) == target).sum().item<long>(),
            _ => 0,
        };
    }

    private static (double? Loss, double? Auc) Validate(Network network, TrainingOptions options, torch.Device device)
    {
        if (options.ValidationX is null || options.ValidationY is null) return (null, null);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        network.eval();
        var output = network.forward(options.ValidationX.to(device));
        var target = options.ValidationY.to(device);
        var loss = Loss(network.Output, output, target).item<float>();
        if (network.Output != OutputKind.Binary) return (loss, null);
        var p = output.sigmoid().cpu().contiguous().data<float>().ToArray().Select(v => (double)v).ToArray();
        var t = target.cpu().contiguous().data<float>().ToArray().Select(v => v > 0.5f).ToArray();
        return (loss, t.All(v => v) || !t.Any(v => v) ? null : BinaryMetrics.Compute(t, p).Auc);
    }

    private static void Validate(Tensor x, Tensor y, TrainingOptions options)
    {
        if (x.shape[0] != y.shape[0]) throw new ArgumentException($"x has {x.shape[0]} rows but y has {y.shape[0]}", nameof(y));
        if (x.shape[0] == 0) throw new ArgumentException("no rows to train on", nameof(x));
        if (options.Epochs <= 0) throw new ArgumentException($"Epochs must be positive, not {options.Epochs}", nameof(options));
        if (!(options.LearningRate > 0)) throw new ArgumentException($"LearningRate must be positive, not {options.LearningRate}", nameof(options));
        if ((options.ValidationX is null) != (options.ValidationY is null)) throw new ArgumentException("give both ValidationX and ValidationY, or neither", nameof(options));
    }
}
