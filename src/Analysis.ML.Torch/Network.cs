using TorchSharp;
using static TorchSharp.torch;

namespace Analysis.ML.Torch;

/// <summary>What a network's output means, which fixes its training loss.</summary>
public enum OutputKind
{
    /// <summary>One logit per row; binary cross-entropy with logits.</summary>
    Binary,

    /// <summary>One logit per class; cross-entropy over int64 class indices.</summary>
    Classes,

    /// <summary>Numbers; mean squared error.</summary>
    Numeric,
}

/// <summary>A TorchSharp network with prediction and flat weights, the common base of <see cref="TabularMlp"/> and Analysis.ML's <c>SliceCnn</c>.</summary>
/// <remarks>Training is <c>Fit</c>, an extension method of Analysis.ML's <c>NetworkTraining</c> (it reports validation AUC with Analysis.ML's metrics); the site node trains through <see cref="Federated.LocalUpdate"/>.</remarks>
public abstract class Network : nn.Module<Tensor, Tensor>
{
    private protected Network(string name, OutputKind output) : base(name) => Output = output;

    /// <summary>What the output means (and so the loss used in training).</summary>
    public OutputKind Output { get; }

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount => Weights.Count(this);

    /// <summary>The raw outputs (logits for classifiers) in evaluation mode, on the CPU, as [rows, outputs] floats.</summary>
    public float[][] Predict(Tensor x)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var device = parameters().First().device;
        var output = forward(x.to(device)).cpu();
        var columns = output.dim() == 1 ? 1 : (int)output.shape[1];
        var flat = output.contiguous().data<float>().ToArray();
        return [.. Enumerable.Range(0, flat.Length / columns).Select(r => flat.AsSpan(r * columns, columns).ToArray())];
    }

    /// <summary>For a binary network, the probability of the positive class per row.</summary>
    /// <exception cref="InvalidOperationException">The network is not binary.</exception>
    public double[] PredictProbability(Tensor x)
    {
        if (Output != OutputKind.Binary) throw new InvalidOperationException($"PredictProbability needs a binary network; this one's output is {Output}");
        return [.. Predict(x).Select(r => 1 / (1 + Math.Exp(-r[0])))];
    }

    /// <summary>All parameters as one float vector (see <see cref="Weights"/>).</summary>
    public float[] GetWeights() => Weights.Get(this);

    /// <summary>Overwrites all parameters from one float vector.</summary>
    public void SetWeights(ReadOnlySpan<float> values) => Weights.Set(this, values);

    /// <summary>Creates a network with <paramref name="create"/>, its initial weights drawn from torch's global generator
    /// after <c>torch.manual_seed(seed)</c> when a seed is given, holding <see cref="TorchRandom.Gate"/> so that no other
    /// thread's draws (another network's weights, dropout in a training) fall in between.</summary>
    private protected static T Seeded<T>(int? seed, Func<T> create) where T : Network
    {
        TorchRuntime.EnsureLoaded();
        lock (TorchRandom.Gate)
        {
            if (seed is { } s) manual_seed(s);
            return create();
        }
    }
}
