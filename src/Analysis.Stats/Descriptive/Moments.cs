using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Count, sum and sum of squares: the mergeable statistic of a mean and a variance. Sites' moments add
/// with <c>+</c> to the pooled ones.
/// </summary>
/// <param name="N">Number of values.</param>
/// <param name="Sum">Sum of the values.</param>
/// <param name="SumOfSquares">Sum of the squared values.</param>
public readonly record struct Moments(long N, double Sum, double SumOfSquares) : ITabular
{
    /// <summary>The moments of some values (NaN values are skipped as missing).</summary>
    public static Moments Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        long n = 0;
        double sum = 0, squares = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            n++;
            sum += v;
            squares += v * v;
        }
        return new Moments(n, sum, squares);
    }

    /// <summary>The moments of the union of two sets of values.</summary>
    public static Moments operator +(Moments a, Moments b) => new(a.N + b.N, a.Sum + b.Sum, a.SumOfSquares + b.SumOfSquares);

    /// <summary>Adds several sites' moments (named Combine because <see cref="Sum"/> is the sum of the values).</summary>
    public static Moments Combine(IEnumerable<Moments> moments) => moments.Aggregate(default(Moments), (a, b) => a + b);

    /// <summary>The mean (NaN without values).</summary>
    public double Mean => N == 0 ? double.NaN : Sum / N;

    /// <summary>The sample variance, with n − 1 in the denominator (NaN under two values).</summary>
    public double Variance => N < 2 ? double.NaN : Math.Max(0, (SumOfSquares - Sum * Sum / N) / (N - 1));

    /// <summary>The sample standard deviation.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    private Row[] Rows() => [new Row(N, Mean, StandardDeviation, Variance, Sum, SumOfSquares)];

    private sealed record Row(long N, double Mean, double StandardDeviation, double Variance, double Sum, double SumOfSquares);

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(Rows());

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(Rows());

    /// <summary>n, mean and standard deviation.</summary>
    public override string ToString() => $"n = {N}, mean = {Tabular.Number(Mean)}, sd = {Tabular.Number(StandardDeviation)}";
}
