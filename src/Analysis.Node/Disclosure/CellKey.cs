namespace Analysis.Node.Disclosure;

/// <summary>What a released number is, so two numbers over the same records (a count and a sum) get independent noise.</summary>
internal enum CellKind
{
    /// <summary>A count of patients (cohort size, cross-table cell, Beacon, carriers).</summary>
    Count = 1,

    /// <summary>A histogram bin.</summary>
    Bin = 2,

    /// <summary>Patients at risk at the start of a survival interval.</summary>
    AtRisk = 3,

    /// <summary>Deaths in a survival interval.</summary>
    Events = 4,

    /// <summary>Censorings in a survival interval.</summary>
    Censored = 5,

    /// <summary>A sum of a numeric variable.</summary>
    Sum = 6,

    /// <summary>A sum of squares of a numeric variable.</summary>
    SumOfSquares = 7,

    /// <summary>A model's score and information.</summary>
    Model = 8,
}

/// <summary>
/// The cell-key method of national statistics table builders (e.g. the ABS TableBuilder): every patient has a secret
/// record key (<see cref="SiteSecret.RecordKey"/>); the key of a cell is the XOR of the record keys of the patients
/// behind it; the noise added to the cell is a deterministic function of that key. The same patients always give the
/// same noise, however the query is phrased, so repeating or re-phrasing a question cannot average the noise away.
/// </summary>
internal static class CellKey
{
    /// <summary>The key of an empty cell.</summary>
    public const ulong Empty = 0;

    /// <summary>
    /// The noise for a cell: an integer in [-<paramref name="max"/>, <paramref name="max"/>] with probabilities falling
    /// linearly from 0 (weights <c>max + 1 - |k|</c>), a function of the cell key, the true value and the kind only.
    /// </summary>
    /// <remarks>With max 2 the probabilities are 1/9, 2/9, 3/9, 2/9, 1/9: mean 0, variance 4/3.</remarks>
    public static int Noise(ulong cellKey, long value, CellKind kind, int max)
    {
        if (max <= 0) return 0;
        var u = Uniform(cellKey, value, (ulong)kind);
        long total = (long)(max + 1) * (max + 1);
        var target = u * total;
        double cumulative = 0;
        for (var k = -max; k <= max; k++)
        {
            cumulative += max + 1 - Math.Abs(k);
            if (target < cumulative) return k;
        }
        return max;
    }

    /// <summary>A standard normal variate that is a function of the cell key, the kind and an index only.</summary>
    public static double Normal(ulong cellKey, CellKind kind, long index)
    {
        // Box-Muller on two keyed uniforms; (0, 1] for the logarithm.
        var u1 = 1 - Uniform(cellKey, index, (ulong)kind);
        var u2 = Uniform(cellKey ^ 0x9E3779B97F4A7C15UL, index, (ulong)kind + 64);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A uniform number in [0, 1) derived from the inputs by SplitMix64's finaliser.</summary>
    public static double Uniform(ulong cellKey, long value, ulong salt)
    {
        var x = cellKey ^ (0xD1B54A32D192ED03UL * (salt + 1)) ^ ((ulong)value * 0x9E3779B97F4A7C15UL);
        x = Mix(x);
        x = Mix(x + 0x9E3779B97F4A7C15UL);
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
