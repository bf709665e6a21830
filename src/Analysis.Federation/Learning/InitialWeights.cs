namespace Analysis.Federation;

/// <summary>
/// The starting weights of a federated network, drawn as PyTorch draws a new <c>nn.Linear(in, out)</c>'s (Kaiming-uniform
/// with a = √5, so weights and biases uniform in ±1/√in), in its <c>parameters()</c> order: per layer the weight matrix
/// row by row, then the bias. The client needs no TorchSharp for it, and a seed gives the same weights on every machine.
/// </summary>
internal static class InitialWeights
{
    /// <summary>The number of parameters of an MLP from <paramref name="inputs"/> through <paramref name="hidden"/> to one output.</summary>
    public static int Count(int inputs, IReadOnlyList<int> hidden) => Layers(inputs, hidden).Sum(l => l.In * l.Out + l.Out);

    /// <summary>The weights for <paramref name="seed"/>.</summary>
    public static float[] Draw(int inputs, IReadOnlyList<int> hidden, int seed)
    {
        var weights = new float[Count(inputs, hidden)];
        // SplitMix64, whose sequence is fixed by its algorithm (System.Random's seeded sequence may change between .NET versions).
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);
        var k = 0;
        foreach (var (fanIn, fanOut) in Layers(inputs, hidden))
        {
            var bound = 1 / Math.Sqrt(fanIn);
            for (var i = 0; i < fanIn * fanOut + fanOut; i++)
            {
                var z = state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                var uniform = ((z ^ (z >> 31)) >> 11) * (1.0 / (1UL << 53));
                weights[k++] = (float)((2 * uniform - 1) * bound);
            }
        }
        return weights;
    }

    private static IEnumerable<(int In, int Out)> Layers(int inputs, IReadOnlyList<int> hidden)
    {
        var width = inputs;
        foreach (var h in hidden.Append(1))
        {
            yield return (width, h);
            width = h;
        }
    }
}
