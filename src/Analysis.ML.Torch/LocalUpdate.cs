using System.Security.Cryptography;
using Analysis.ML.Torch;
using TorchSharp;

namespace Analysis.ML.Federated;

/// <summary>The settings of a site's local training in one federated-averaging round.</summary>
/// <param name="Epochs">Local passes over the site's rows.</param>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="BatchSize">Rows per step; 0 for full-batch gradient descent.</param>
/// <param name="Seed">Seeds the batch shuffling (the same round gives the same update).</param>
/// <param name="MinimumBatch">A last batch smaller than this joins the previous one (the site's minimum subset size).</param>
/// <param name="ClipNorm">When set, the update (new minus received weights) is scaled down to at most this L2 norm.</param>
/// <param name="NoiseMultiplier">When set (with <paramref name="ClipNorm"/>), Gaussian noise of SD <c>NoiseMultiplier × ClipNorm</c> is added to each coordinate of the clipped update.</param>
public sealed record LocalTraining(int Epochs, double LearningRate, int BatchSize, int Seed, int MinimumBatch = 1, double? ClipNorm = null, double? NoiseMultiplier = null);

/// <summary>A site's answer to one round: its trained weights and the received model's loss on its rows.</summary>
/// <param name="Weights">The weights after local training (clipped and noised when asked).</param>
/// <param name="Loss">Mean binary cross-entropy of the received weights on the site's rows, before training.</param>
public sealed record LocalUpdateResult(float[] Weights, double Loss);

/// <summary>What a site node runs for federated averaging: plain SGD on its own rows from the received weights.</summary>
/// <remarks>Plain SGD with no momentum keeps the maths exact: with one full-batch epoch, the sample-size-weighted
/// average of the sites' new weights is one gradient step on the pooled mean loss. Only the node calls this; it loads
/// libtorch on first use, so a node that never trains never loads it.</remarks>
public static class LocalUpdate
{
    /// <summary>Trains a binary <see cref="TabularMlp"/> of shape <paramref name="hidden"/> from <paramref name="weights"/> on the rows.</summary>
    /// <param name="x">Standardised design rows (no intercept column; the network has biases).</param>
    /// <param name="y">The outcome per row.</param>
    /// <param name="hidden">Hidden layer widths.</param>
    /// <param name="weights">The received global weights.</param>
    /// <param name="training">Local epochs, step size, batches, privacy settings.</param>
    /// <param name="cancellationToken">Stops between batches (the site's time limit).</param>
    /// <exception cref="ArgumentException">The weights do not fit the model (names <c>weights</c>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static LocalUpdateResult Run(double[][] x, bool[] y, IReadOnlyList<int> hidden, float[] weights, LocalTraining training,
        CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var inputs = x.Length == 0 ? 0 : x[0].Length;
        using var model = TabularMlp.Create(inputs, hidden);
        model.SetWeights(weights);
        var features = torch.tensor(x.SelectMany(r => r.Select(v => (float)v)).ToArray(), [x.Length, inputs]);
        var target = torch.tensor(y.Select(v => v ? 1f : 0f).ToArray(), [y.Length, 1]);
        double loss;
        using (torch.no_grad())
        {
            model.eval();
            loss = TrainingLoop.Loss(OutputKind.Binary, model.forward(features), target).item<float>();
        }
        TrainingLoop.Run(model, features, target, new TrainingOptions
        {
            Epochs = training.Epochs, LearningRate = training.LearningRate, BatchSize = training.BatchSize, Seed = training.Seed,
            Optimizer = OptimizerKind.Sgd, Device = Device.Cpu, MinimumBatch = training.MinimumBatch,
        }, auc: null, cancellationToken: cancellationToken);
        var updated = model.GetWeights();
        if (training.ClipNorm is { } clip) Privatise(weights, updated, clip, training.NoiseMultiplier ?? 0);
        return new LocalUpdateResult(updated, loss);
    }

    /// <summary>Clips the update to <paramref name="clip"/> and adds Gaussian noise (a basic Gaussian mechanism; no privacy accounting).</summary>
    internal static void Privatise(float[] received, float[] updated, double clip, double noiseMultiplier)
    {
        var norm = Math.Sqrt(received.Zip(updated).Sum(p => Math.Pow(p.Second - p.First, 2)));
        var scale = norm > clip ? clip / norm : 1;
        var sd = noiseMultiplier * clip;
        for (var i = 0; i < updated.Length; i++)
            updated[i] = (float)(received[i] + (updated[i] - received[i]) * scale + (sd > 0 ? sd * Gaussian() : 0));
    }

    // Noise from the OS generator, never from the client's seed: a client that knew the noise could subtract it.
    private static double Gaussian()
    {
        var u1 = (RandomNumberGenerator.GetInt32(1, int.MaxValue)) / (double)int.MaxValue;
        var u2 = RandomNumberGenerator.GetInt32(0, int.MaxValue) / (double)int.MaxValue;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
