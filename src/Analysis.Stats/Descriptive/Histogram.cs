using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>One bin of a histogram: values in [<paramref name="Lower"/>, <paramref name="Upper"/>).</summary>
/// <param name="Lower">Inclusive lower edge.</param>
/// <param name="Upper">Exclusive upper edge.</param>
/// <param name="Count">Number of values in the bin.</param>
public readonly record struct HistogramBin(double Lower, double Upper, long Count);

/// <summary>
/// Counts in contiguous bins: mergeable (sites' histograms on the same edges add up with <see cref="Sum"/>)
/// and enough for approximate quantiles (linear interpolation inside a bin).
/// </summary>
public sealed class Histogram : ITabular
{
    /// <summary>A histogram from bins given in increasing order, each starting where the previous ends.</summary>
    /// <exception cref="ArgumentException">Bins that are empty, not contiguous, not increasing or with negative counts (the bin is named).</exception>
    public Histogram(IEnumerable<HistogramBin> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var list = bins.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            var b = list[i];
            if (!double.IsFinite(b.Lower) || !double.IsFinite(b.Upper) || !(b.Upper > b.Lower))
                throw new ArgumentException($"Histogram bin {i}: edges [{b.Lower}, {b.Upper}) must be finite with upper > lower.", nameof(bins));
            if (b.Count < 0) throw new ArgumentException($"Histogram bin {i}: count {b.Count} is negative.", nameof(bins));
            if (i > 0 && b.Lower != list[i - 1].Upper)
                throw new ArgumentException($"Histogram bin {i} starts at {b.Lower} but bin {i - 1} ends at {list[i - 1].Upper}; bins must be contiguous.", nameof(bins));
        }
        Bins = list;
    }

    /// <summary>The bins, in increasing order.</summary>
    public IReadOnlyList<HistogramBin> Bins { get; }

    /// <summary>Number of values counted.</summary>
    public long N => Bins.Sum(b => b.Count);

    /// <summary>
    /// Bins of <paramref name="binWidth"/> aligned on multiples of it from <paramref name="origin"/>, covering the
    /// values (NaN values are skipped), as a site node bins a variable.
    /// </summary>
    /// <exception cref="ArgumentException">The width is not positive or a value is infinite.</exception>
    public static Histogram Of(IEnumerable<double> values, double binWidth, double origin = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(binWidth > 0) || !double.IsFinite(binWidth)) throw new ArgumentException($"The bin width must be a positive number, got {binWidth}.", nameof(binWidth));
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        if (present.Any(double.IsInfinity)) throw new ArgumentException("Values must be finite to be binned.", nameof(values));
        if (present.Length == 0) return new Histogram([]);
        var first = (long)Math.Floor((present.Min() - origin) / binWidth);
        var last = (long)Math.Floor((present.Max() - origin) / binWidth);
        var counts = new long[last - first + 1];
        foreach (var v in present) counts[(long)Math.Floor((v - origin) / binWidth) - first]++;
        return new Histogram(counts.Select((c, i) => new HistogramBin(origin + (first + i) * binWidth, origin + (first + i + 1) * binWidth, c)));
    }

    /// <summary>
    /// Adds histograms binned on the same edges (e.g. every site's, on the same grid). A histogram may cover
    /// fewer bins than another (its values span a shorter range); where no histogram has a bin, the sum has
    /// an empty one.
    /// </summary>
    /// <exception cref="ArgumentException">Two histograms have overlapping bins with different edges (both are named).</exception>
    public static Histogram Sum(IEnumerable<Histogram> histograms)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        var byLower = new SortedDictionary<double, HistogramBin>();
        var h = 0;
        foreach (var histogram in histograms)
        {
            foreach (var bin in histogram.Bins)
            {
                if (byLower.TryGetValue(bin.Lower, out var existing) && existing.Upper != bin.Upper)
                    throw new ArgumentException($"Histogram {h} has bin [{bin.Lower}, {bin.Upper}) but another has [{existing.Lower}, {existing.Upper}); only histograms on the same edges can be summed.", nameof(histograms));
                byLower[bin.Lower] = existing with { Lower = bin.Lower, Upper = bin.Upper, Count = existing.Count + bin.Count };
            }
            h++;
        }
        var merged = new List<HistogramBin>();
        foreach (var bin in byLower.Values)
        {
            if (merged.Count > 0 && bin.Lower < merged[^1].Upper)
                throw new ArgumentException($"Bins [{merged[^1].Lower}, {merged[^1].Upper}) and [{bin.Lower}, {bin.Upper}) overlap; only histograms on the same edges can be summed.", nameof(histograms));
            if (merged.Count > 0 && bin.Lower > merged[^1].Upper) merged.Add(new HistogramBin(merged[^1].Upper, bin.Lower, 0));
            merged.Add(bin);
        }
        return new Histogram(merged);
    }

    /// <summary>
    /// The <paramref name="p"/>-quantile: the value below which a fraction p of the counts lie, interpolating
    /// linearly inside the bin that holds it (NaN for an empty histogram).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "The probability must be between 0 and 1.");
        var n = N;
        if (n == 0) return double.NaN;
        var target = p * n;
        long before = 0;
        foreach (var bin in Bins)
        {
            if (bin.Count > 0 && before + bin.Count >= target)
                return bin.Lower + (target - before) / bin.Count * (bin.Upper - bin.Lower);
            before += bin.Count;
        }
        return Bins[^1].Upper;
    }

    /// <summary>The median (the 0.5-quantile).</summary>
    public double Median => Quantile(0.5);

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(Bins);

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(Bins);

    /// <summary>The bins as an aligned table.</summary>
    public override string ToString() => Tabular.ToText($"Histogram: n = {N}, {Bins.Count} bins", Bins);
}
