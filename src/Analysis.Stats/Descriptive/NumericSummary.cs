using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Summary of a numeric variable from mergeable statistics: mean and SD from its moments, quartiles from its
/// histogram (approximate, within a bin width; NaN without a histogram).
/// </summary>
/// <param name="Variable">The variable's name.</param>
/// <param name="Moments">Count, sum and sum of squares.</param>
/// <param name="Histogram">Binned counts for the quartiles, or null.</param>
public sealed record NumericSummary(string Variable, Moments Moments, Histogram? Histogram) : ITabular
{
    /// <summary>Number of (present) values.</summary>
    public long N => Moments.N;

    /// <summary>The mean.</summary>
    public double Mean => Moments.Mean;

    /// <summary>The sample standard deviation.</summary>
    public double SD => Moments.StandardDeviation;

    /// <summary>First quartile, from the histogram.</summary>
    public double Q1 => Histogram?.Quantile(0.25) ?? double.NaN;

    /// <summary>Median, from the histogram.</summary>
    public double Median => Histogram?.Median ?? double.NaN;

    /// <summary>Third quartile, from the histogram.</summary>
    public double Q3 => Histogram?.Quantile(0.75) ?? double.NaN;

    /// <summary>Adds summaries of the same variable from several sites (histograms must share their edges).</summary>
    public static NumericSummary Sum(IEnumerable<NumericSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var list = summaries.ToList();
        if (list.Count == 0) throw new ArgumentException("No summaries to sum.", nameof(summaries));
        var histograms = list.Select(s => s.Histogram).ToList();
        return new NumericSummary(list[0].Variable, Moments.Combine(list.Select(s => s.Moments)),
            histograms.Any(h => h is null) ? null : Histogram.Sum(histograms!));
    }

    private Row[] Rows() => [new Row(Variable, N, Mean, SD, Q1, Median, Q3)];

    private sealed record Row(string Variable, long N, double Mean, double SD, double Q1, double Median, double Q3);

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(Rows());

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(Rows());

    /// <summary>One line: variable, n, mean, SD and the quartiles.</summary>
    public override string ToString() => Tabular.ToText(null, Rows());
}
