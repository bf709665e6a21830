using Analysis.Node.Pipeline;

namespace Analysis.Node.Learning;

/// <summary>
/// Refuses network weights under which a hidden unit is active (positive before its ReLU) for at least one but fewer
/// than the minimum subset of the site's patients.
/// </summary>
/// <remarks>
/// <para>A unit's incoming weights get a gradient only from the patients that activate it. Crafted weights whose one
/// unit fires for a single patient (a bias just under that patient's standardised follow-up, say) make the unit's
/// weight update that patient's own gradient, from which their inputs and outcome can be read back. Checked on the
/// weights as received, in C# (no libtorch), before any training.</para>
/// <para>A unit no patient activates is allowed: no patient's data reaches its weights (the ReLU's gradient is zero),
/// and randomly initialised networks often have a few such units.</para>
/// <para>Weights are laid out as <see cref="Analysis.ML.Torch.TabularMlp"/>'s <c>parameters()</c>: per layer the
/// weight [out, in] row by row, then the bias [out].</para>
/// </remarks>
internal static class ActiveUnits
{
    /// <summary>Throws a 422 naming the first unit that fewer than <paramref name="minimum"/> patients (but some) activate.</summary>
    /// <param name="x">The standardised rows, as the network sees them.</param>
    /// <param name="hidden">Hidden layer widths.</param>
    /// <param name="weights">The received weights.</param>
    /// <param name="minimum">The site's minimum subset size.</param>
    public static void Check(double[][] x, IReadOnlyList<int> hidden, float[] weights, int minimum)
    {
        var counts = Count(x, hidden, weights);
        for (var layer = 0; layer < counts.Count; layer++)
            for (var unit = 0; unit < counts[layer].Length; unit++)
            {
                var active = counts[layer][unit];
                if (active > 0 && active < minimum)
                    throw RequestException.Refused(
                        $"hidden unit {unit} of layer {layer} is active for fewer than {minimum} of the site's patients (the minimum subset size) " +
                        "at these weights, so its update would be a few patients' own gradient; every unit must be active for none or at least that many patients");
            }
    }

    /// <summary>Patients with a positive pre-activation, per hidden unit, per layer.</summary>
    public static List<int[]> Count(double[][] x, IReadOnlyList<int> hidden, float[] weights)
    {
        var result = hidden.Select(h => new int[h]).ToList();
        var inputs = x.Length == 0 ? 0 : x[0].Length;
        foreach (var row in x)
        {
            var activation = row;
            var offset = 0;
            var width = inputs;
            for (var layer = 0; layer < hidden.Count; layer++)
            {
                var h = hidden[layer];
                var next = new double[h];
                for (var u = 0; u < h; u++)
                {
                    double z = weights[offset + width * h + u];
                    for (var k = 0; k < width; k++) z += weights[offset + u * width + k] * activation[k];
                    if (z > 0)
                    {
                        result[layer][u]++;
                        next[u] = z;
                    }
                }
                offset += width * h + h;
                width = h;
                activation = next;
            }
        }
        return result;
    }
}
