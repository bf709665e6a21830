using System.Security.Cryptography;
using Analysis.ML.Federated;

namespace Analysis.Node.Learning;

/// <summary>
/// Silences every hidden unit that is active (positive before its ReLU) for at least one but fewer than the minimum
/// subset of the site's patients, so that no patient's data reaches it, and gives it the update of a unit no patient
/// activates.
/// </summary>
/// <remarks>
/// <para>A unit's incoming weights get a gradient only from the patients that activate it. Crafted weights whose one
/// unit fires for a single patient (a bias just under that patient's standardised age, say) make the unit's weight
/// update that patient's own gradient, from which their inputs and outcome can be read back (issue 11, route 2).</para>
/// <para>Why silence rather than refuse: a refusal would answer "does this half-space of the inputs hold 1 to 9
/// patients, rather than none?", an oracle that crafted weights can bisect down to one patient's age or presence in a
/// cell; and random initial weights often have a unit that cuts off a handful of patients, which a refusal would turn
/// into a failed training. A silenced unit is trained as a dead one: its pre-activation is held below 0 for everyone
/// (so it sends nothing to the next layer and no gradient reaches it or its outgoing weights, which then get only
/// DP-SGD's noise), and its incoming weights and bias are released as the received ones plus the noise-only steps a
/// dead unit's parameters take (<see cref="NoiseOnly"/>), drawn from the same distribution in the same float32
/// arithmetic. A dead unit and a silenced one therefore give answers of the same distribution, and the answer does not
/// say which units were silenced.</para>
/// <para>Weights are laid out as <see cref="Analysis.ML.Torch.TabularMlp"/>'s <c>parameters()</c>: per layer the
/// weight [out, in] row by row, then the bias [out]. Checked in C# (libtorch is not needed to find the units).</para>
/// </remarks>
internal static class ActiveUnits
{
    /// <summary>The pre-activation a silenced unit is held at during training: far below 0 whatever noise the steps add.</summary>
    private const float Silent = -1000f;

    /// <summary>
    /// Finds the units that fewer than <paramref name="minimum"/> patients (but some) activate, layer by layer (a unit
    /// silenced in one layer sends 0 to the next), and returns the weights to train with: those units' incoming weights 0
    /// and bias far below 0.
    /// </summary>
    /// <param name="x">The standardised rows, as the network sees them.</param>
    /// <param name="hidden">Hidden layer widths.</param>
    /// <param name="weights">The received weights.</param>
    /// <param name="minimum">The site's minimum subset size.</param>
    /// <returns>The weights to train with, and the parameter indexes (incoming weights and bias) of every silenced unit.</returns>
    public static (float[] Training, List<int> Silenced) Silence(double[][] x, IReadOnlyList<int> hidden, float[] weights, int minimum)
    {
        var training = (float[])weights.Clone();
        var silenced = new List<int>();
        var activations = x;
        var offset = 0;
        var width = x.Length == 0 ? 0 : x[0].Length;
        for (var layer = 0; layer < hidden.Count; layer++)
        {
            var h = hidden[layer];
            var next = activations.Select(_ => new double[h]).ToArray();
            for (var u = 0; u < h; u++)
            {
                var active = 0;
                for (var p = 0; p < activations.Length; p++)
                {
                    double z = weights[offset + width * h + u];
                    for (var k = 0; k < width; k++) z += weights[offset + u * width + k] * activations[p][k];
                    if (z > 0)
                    {
                        active++;
                        next[p][u] = z;
                    }
                }
                if (active == 0 || active >= minimum) continue;
                for (var k = 0; k < width; k++)
                {
                    silenced.Add(offset + u * width + k);
                    training[offset + u * width + k] = 0;
                }
                silenced.Add(offset + width * h + u);
                training[offset + width * h + u] = Silent;
                foreach (var row in next) row[u] = 0;
            }
            offset += width * h + h;
            width = h;
            activations = next;
        }
        return (training, silenced);
    }

    /// <summary>
    /// The released weights: the trained ones, except that every silenced parameter is the received value after the
    /// noise-only steps of DP-SGD (as a parameter whose gradient is 0 for every patient moves).
    /// </summary>
    public static float[] Release(float[] received, float[] trained, IReadOnlyList<int> silenced, PrivateTraining training, int patients)
    {
        var released = (float[])trained.Clone();
        foreach (var i in silenced) released[i] = NoiseOnly(received[i], training, patients);
        return released;
    }

    /// <summary>
    /// A parameter with no gradient trained by <see cref="Analysis.ML.Federated.PrivateUpdate"/>: each step subtracts
    /// <c>(float)(rate × sd × N(0, 1) / expected batch)</c> in float32, with the noise from the operating system's
    /// generator, exactly as that loop does for such a parameter.
    /// </summary>
    /// <param name="value">The received value.</param>
    /// <param name="training">The round's training.</param>
    /// <param name="patients">The rows trained on (the expected batch is the sampling rate times this).</param>
    public static float NoiseOnly(float value, PrivateTraining training, int patients)
    {
        var expectedBatch = training.SamplingRate * patients;
        var sd = training.NoiseMultiplier * training.ClipNorm;
        for (long step = 0; step < training.Steps; step++)
            value -= (float)(training.LearningRate * (0 + sd * Gaussian()) / expectedBatch);
        return value;
    }

    private static double Gaussian()
    {
        var u1 = RandomNumberGenerator.GetInt32(1, int.MaxValue) / (double)int.MaxValue;
        var u2 = RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
