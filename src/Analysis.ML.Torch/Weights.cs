using TorchSharp;

namespace Analysis.ML.Torch;

/// <summary>A module's parameters as one flat float32 vector, in <c>named_parameters()</c> order, and as base64 for the wire.</summary>
public static class Weights
{
    /// <summary>All parameters concatenated.</summary>
    public static float[] Get(torch.nn.Module module)
    {
        TorchRuntime.EnsureLoaded();
        var result = new List<float>();
        foreach (var (_, p) in module.named_parameters())
        {
            using var cpu = p.detach().cpu().contiguous();
            result.AddRange(cpu.data<float>().ToArray());
        }
        return [.. result];
    }

    /// <summary>The number of floats <see cref="Get"/> returns.</summary>
    public static long Count(torch.nn.Module module) => module.named_parameters().Sum(p => p.parameter.numel());

    /// <summary>Overwrites the parameters with <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The length does not match the module's parameter count.</exception>
    public static void Set(torch.nn.Module module, ReadOnlySpan<float> values, string field = "weights")
    {
        TorchRuntime.EnsureLoaded();
        var needed = Count(module);
        if (values.Length != needed) throw new ArgumentException($"{field} has {values.Length} floats but the model has {needed} parameters", field);
        var offset = 0;
        using var _ = torch.no_grad();
        foreach (var (_, p) in module.named_parameters())
        {
            var n = (int)p.numel();
            using var source = torch.tensor(values.Slice(offset, n).ToArray(), p.shape).to(p.device);
            p.copy_(source);
            offset += n;
        }
    }

    /// <summary>Little-endian float32 bytes as base64 (the federated-averaging wire form, <see cref="Analysis.Contracts.FedAvgWeights"/>).</summary>
    public static string ToBase64(ReadOnlySpan<float> values) => Analysis.Contracts.FedAvgWeights.ToBase64(values);

    /// <summary>Reads base64 of little-endian float32s.</summary>
    /// <exception cref="FormatException">Not base64, or not a whole number of floats, or a value is not finite; names <paramref name="field"/>.</exception>
    public static float[] FromBase64(string text, string field = "weights") => Analysis.Contracts.FedAvgWeights.FromBase64(text, field);
}
