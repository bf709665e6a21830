namespace Analysis.Stats;

/// <summary>One reliability bin: the mean predicted probability against the observed positive rate of its rows.</summary>
/// <param name="Lower">Bin start (inclusive).</param>
/// <param name="Upper">Bin end (exclusive, except 1).</param>
/// <param name="Count">Rows in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability.</param>
/// <param name="Observed">Fraction of positives.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double Observed)
{
    /// <summary>Equal-width bins over [0, 1] (the last one closed), empty ones left out, as scikit-learn's <c>calibration_curve</c>.</summary>
    internal static List<ReliabilityBin> Of(IReadOnlyList<bool> actual, IReadOnlyList<double> probability, int bins)
    {
        var result = new List<ReliabilityBin>();
        for (var b = 0; b < bins; b++)
        {
            double lower = (double)b / bins, upper = (double)(b + 1) / bins;
            var rows = Enumerable.Range(0, actual.Count)
                .Where(i => probability[i] >= lower && (probability[i] < upper || (b == bins - 1 && probability[i] <= upper))).ToList();
            if (rows.Count == 0) continue;
            result.Add(new ReliabilityBin(lower, upper, rows.Count, rows.Average(i => probability[i]), rows.Average(i => actual[i] ? 1.0 : 0.0)));
        }
        return result;
    }
}
