using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>The training loop: deterministic shuffling by our own generator, one optimiser step per batch, a report per epoch.</summary>
/// <remarks>The one loop behind both <c>NetworkTraining.Fit</c> (Analysis.ML, for notebooks) and <see cref="Federated.LocalUpdate"/>
/// (the site node's federated-averaging step), so a node's local round trains exactly as a pooled fit would.</remarks>
internal static class TrainingLoop
{
    /// <summary>Trains <paramref name="network"/> in place.</summary>
    /// <param name="network">The network.</param>
    /// <param name="x">Inputs, first dimension rows.</param>
    /// <param name="y">Targets shaped for the network's output kind.</param>
    /// <param name="options">Epochs, batches, optimiser, seed, early stopping, device.</param>
    /// <param name="auc">The AUC of scores (the logits) against outcomes, reported for a binary network's validation rows; null reports none.</param>
    /// <param name="progress">Gets one report per epoch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException">Shapes or options that cannot work; the message says which.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static TrainingResult Run(Network network, Tensor x, Tensor y, TrainingOptions options, Func<IReadOnlyList<bool>, IReadOnlyList<double>, double>? auc,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoaded();
        Validate(x, y, options);
        // Dropout draws from torch's global generator after manual_seed: another thread's draws must not interleave.
        lock (TorchRandom.Gate) return RunSeeded(network, x, y, options, auc, progress, cancellationToken);
    }

    private static TrainingResult RunSeeded(Network network, Tensor x, Tensor y, TrainingOptions options, Func<IReadOnlyList<bool>, IReadOnlyList<double>, double>? auc,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var device = Devices.Resolve(options.Device);
        network.to(device);
        manual_seed(options.Seed);
        
        var rng = new SplitMix64((ulong)options.Seed);
        var rows = (int)x.shape[0];
        var batch = options.BatchSize <= 0 || options.BatchSize >= rows ? rows : options.BatchSize;
        // Our own steps, not TorchSharp's optim.Adam/SGD: theirs can lose a scalar to the garbage collector mid-call (see StepRule).
        using var optimizer = StepRule.Create(options.Optimizer, network.parameters(), options.LearningRate, options.WeightDecay);
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
                optimizer.ZeroGrad();
                var output = network.forward(bx);
                var loss = Loss(network.Output, output, by);
                loss.backward();
                optimizer.Step();
                lossSum += loss.item<float>() * count;
                correct += Correct(network.Output, output, by);
            }
            var (validationLoss, validationAuc) = Validate(network, options, device, auc);
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
        // An explicit scalar, alive through the call (an implicit one can be finalised mid-call; see StepRule).
        using var zero = 0.0.ToScalar();
        return kind switch
        {
            OutputKind.Binary => (output.ge(zero).to(ScalarType.Float32) == target).sum().item<long>(),
            OutputKind.Classes => (output.argmax(1) == target).sum().item<long>(),
            _ => 0,
        };
    }

    private static (double? Loss, double? Auc) Validate(Network network, TrainingOptions options, torch.Device device, Func<IReadOnlyList<bool>, IReadOnlyList<double>, double>? auc)
    {
        if (options.ValidationX is null || options.ValidationY is null) return (null, null);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        network.eval();
        var output = network.forward(options.ValidationX.to(device));
        var target = options.ValidationY.to(device);
        var loss = Loss(network.Output, output, target).item<float>();
        if (network.Output != OutputKind.Binary || auc is null) return (loss, null);
        // Ranked by the logits: torch's float32 sigmoid rounds every logit above about 17 to exactly 1 (37 in double),
        // and those rows would tie in the AUC.
        var logits = output.cpu().contiguous().data<float>().ToArray().Select(v => (double)v).ToArray();
        var t = target.cpu().contiguous().data<float>().ToArray().Select(v => v > 0.5f).ToArray();
        return (loss, t.All(v => v) || !t.Any(v => v) ? null : auc(t, logits));
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
