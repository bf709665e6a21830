using System.Runtime.InteropServices;

namespace Analysis.Contracts;

/// <summary>
/// The wire form of a network's weights in federated averaging (<see cref="FedAvgRequest.Weights"/>,
/// <see cref="FedAvgResult.Weights"/>): little-endian float32 values, one after another, as base64.
/// </summary>
public static class FedAvgWeights
{
    /// <summary>The weights as base64 of their little-endian float32 bytes.</summary>
    public static string ToBase64(ReadOnlySpan<float> values) => Convert.ToBase64String(MemoryMarshal.AsBytes(values));

    /// <summary>Reads base64 of little-endian float32 values.</summary>
    /// <param name="text">The base64 text.</param>
    /// <param name="field">The member the text came from, named in the error.</param>
    /// <exception cref="FormatException">Not base64, not a whole number of floats, or a value that is not finite; names <paramref name="field"/>.</exception>
    public static float[] FromBase64(string text, string field = "weights")
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"{field} is not base64");
        }
        if (bytes.Length % 4 != 0) throw new FormatException($"{field} has {bytes.Length} bytes, not a whole number of float32 values");
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0) throw new FormatException($"{field}[{bad}] is not a finite number");
        return values;
    }
}
