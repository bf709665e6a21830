using System.Security.Cryptography;
using Analysis.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Analysis.ML.Federated;

/// <summary>The settings of a site's differentially private local training (DP-SGD), all of them the site's policy's except the step size and epochs.</summary>
/// <param name="Epochs">Local passes: each is <see cref="StepsPerEpoch"/> steps.</param>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="SamplingRate">Each patient joins each step's batch independently with this probability (Poisson sampling); 1 for full batch.</param>
/// <param name="ClipNorm">Every patient's gradient is scaled down to at most this L2 norm.</param>
/// <param name="NoiseMultiplier">Gaussian noise of SD <c>NoiseMultiplier × ClipNorm</c> is added to each coordinate of the summed clipped gradients.</param>
public sealed record PrivateTraining(int Epochs, double LearningRate, double SamplingRate, double ClipNorm, double NoiseMultiplier)
{
    /// <summary>Steps per epoch: 1 for full batch, else the expected number of batches covering the rows once (⌈1/q⌉).</summary>
    public int StepsPerEpoch => SamplingRate >= 1 ? 1 : (int)Math.Ceiling(1 / SamplingRate);

    /// <summary>Steps in all: what the privacy accountant composes.</summary>
    public long Steps => (long)Epochs * StepsPerEpoch;
}

/// <summary>
/// DP-SGD (Abadi et al. 2016, "Deep Learning with Differential Privacy") for the site node's federated-averaging round:
/// Poisson-sampled batches, each patient's gradient clipped to the clipping norm, Gaussian noise added to the sum, the
/// noisy sum divided by the expected batch size (as Opacus does) and one plain SGD step taken.
/// </summary>
/// <remarks>Sampling and noise come from the operating system's generator, never from a client's seed: a client that
/// could predict either could remove the noise or know which patients a step used. Per-patient gradients are computed
/// one patient at a time (a small network, a site's rows: fast enough, and exactly the gradient, with no batching trick
/// to get wrong).</remarks>
public static class PrivateUpdate
{
    /// <summary>Trains a binary <see cref="TabularMlp"/> of shape <paramref name="hidden"/> from <paramref name="weights"/> with DP-SGD.</summary>
    /// <param name="x">Standardised design rows.</param>
    /// <param name="y">The outcome per row.</param>
    /// <param name="hidden">Hidden layer widths.</param>
    /// <param name="weights">The received global weights.</param>
    /// <param name="training">Epochs, step size, sampling rate, clipping and noise.</param>
    /// <param name="cancellationToken">Stops between patients (the site's time limit).</param>
    /// <returns>The new weights and the received weights' loss on the rows.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static LocalUpdateResult Run(double[][] x, bool[] y, IReadOnlyList<int> hidden, float[] weights, PrivateTraining training,
        CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var n = x.Length;
        var inputs = n == 0 ? 0 : x[0].Length;
        using var model = TabularMlp.Create(inputs, hidden);
        model.SetWeights(weights);
        var features = tensor(x.SelectMany(r => r.Select(v => (float)v)).ToArray(), [n, inputs]);
        var target = tensor(y.Select(v => v ? 1f : 0f).ToArray(), [n, 1]);
        double loss;
        using (no_grad())
        {
            model.eval();
            loss = nn.functional.binary_cross_entropy_with_logits(model.forward(features), target).item<float>();
        }
        model.train();
        var parameters = model.parameters().ToArray();
        var size = parameters.Sum(p => (int)p.numel());
        var expectedBatch = training.SamplingRate * n;
        for (long step = 0; step < training.Steps; step++)
        {
            var sum = new double[size];
            for (var i = 0; i < n; i++)
            {
                if (training.SamplingRate < 1 && Uniform() >= training.SamplingRate) continue;
                cancellationToken.ThrowIfCancellationRequested();
                using var inner = NewDisposeScope();
                model.zero_grad();
                var output = model.forward(features[i].unsqueeze(0));
                nn.functional.binary_cross_entropy_with_logits(output, target[i].unsqueeze(0), reduction: nn.Reduction.Sum).backward();
                var gradient = parameters.SelectMany(p => p.grad is { } g ? g.contiguous().data<float>().ToArray() : new float[p.numel()]).ToArray();
                var norm = Math.Sqrt(gradient.Sum(g => (double)g * g));
                var scale = norm > training.ClipNorm ? training.ClipNorm / norm : 1;
                for (var k = 0; k < size; k++) sum[k] += gradient[k] * scale;
            }
            var sd = training.NoiseMultiplier * training.ClipNorm;
            using (no_grad())
            {
                var offset = 0;
                foreach (var p in parameters)
                {
                    var count = (int)p.numel();
                    var update = new float[count];
                    for (var k = 0; k < count; k++)
                        update[k] = (float)(training.LearningRate * (sum[offset + k] + sd * Gaussian()) / expectedBatch);
                    using var delta = tensor(update, p.shape);
                    p.sub_(delta);
                    offset += count;
                }
            }
        }
        return new LocalUpdateResult(model.GetWeights(), loss);
    }

    private static double Uniform() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;

    private static double Gaussian()
    {
        var u1 = RandomNumberGenerator.GetInt32(1, int.MaxValue) / (double)int.MaxValue;
        var u2 = RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
