namespace Analysis.Synthetic;

/// <summary>
/// xoshiro256** (Blackman and Vigna) seeded through SplitMix64.
/// </summary>
/// <remarks>
/// We use our own generator rather than <see cref="System.Random"/> because the .NET documentation
/// does not promise that a seeded <see cref="System.Random"/> gives the same sequence on every .NET
/// version, and published cohorts must be reproducible years later from their seed alone. The
/// algorithm is 20 lines of integer arithmetic, so its output is fixed by this file. Deriving a fresh
/// stream per patient (see <see cref="ForStream"/>) keeps patient n identical whatever else changes,
/// e.g. the cohort size.
/// </remarks>
public sealed class Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose state is expanded from <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit value; 0 is fine because SplitMix64 expands it.</param>
    public Xoshiro256(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>A generator for one independent stream, e.g. one patient of one site under one seed.</summary>
    /// <param name="seed">The cohort seed.</param>
    /// <param name="key">What tells streams apart within the seed (site hash, patient index).</param>
    /// <param name="index">The stream number under <paramref name="key"/>.</param>
    public static Xoshiro256 ForStream(ulong seed, ulong key, ulong index)
    {
        // Hash the triple through SplitMix64 steps so neighbouring indices give unrelated states.
        var x = seed;
        var mixed = SplitMix64(ref x) ^ key;
        mixed = SplitMix64(ref mixed) ^ index;
        return new Xoshiro256(SplitMix64(ref mixed));
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1]: safe to take the logarithm of.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty.</exception>
    public int NextInt(int min, int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxExclusive, min);
        var range = (ulong)((long)maxExclusive - min);
        // Lemire's multiply-shift; the bias for ranges this small (< 2^31) is below 2^-33, irrelevant here.
        return (int)(min + (long)(((UInt128)NextUInt64() * range) >> 64));
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A standard normal deviate (Marsaglia polar method).</summary>
    public double NextGaussian()
    {
        // The polar method needs only log and sqrt (no trigonometry), the fewest libm calls
        // whose last-bit results could differ between platforms.
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.Sqrt(-2 * Math.Log(s) / s);
    }

    /// <summary>A Poisson count with the given mean (Knuth's method; fine for the small means used here).</summary>
    public int NextPoisson(double mean)
    {
        if (mean <= 0) return 0;
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }
        return k;
    }

    /// <summary>Picks an index with probability proportional to <paramref name="weights"/>.</summary>
    public int Pick(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var r = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Length - 1;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
