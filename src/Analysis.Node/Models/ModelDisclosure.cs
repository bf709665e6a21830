using Analysis.Contracts;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Models;

/// <summary>The disclosure rules a model's statistics pass before they leave the node.</summary>
/// <remarks>
/// A model's score and information are sums over patients, so a tiny cohort, a model with nearly as many parameters as
/// patients, or a dummy column (or outcome level) covering only a few patients would let a reader solve for those
/// patients' values; the same thresholds as for counts apply. The information matrix holds the count of every pair of
/// dummy columns (X'X at beta = 0) and the score the outcome count per dummy, so the cells of every pair of categorical
/// variables, the outcome included, are checked as a cross-table would be, not just each level on its own.
/// </remarks>
internal static class ModelDisclosure
{
    /// <summary>Refuses (422) unless the cohort, the parameter ratio and every cell pass the policy.</summary>
    /// <param name="policy">The rules.</param>
    /// <param name="n">Patients in the fit.</param>
    /// <param name="parameters">Columns of the model.</param>
    /// <param name="factors">The categorical covariates.</param>
    /// <param name="outcome">The outcome as a two-level factor.</param>
    public static void Check(DisclosurePolicy policy, long n, int parameters, IReadOnlyList<Factor> factors, Factor outcome)
    {
        if (n < policy.MinSubsetSize)
            throw RequestException.Refused($"the model's cohort has fewer than {policy.MinSubsetSize} patients (the minimum subset size)");
        if (parameters > policy.MaxGlmParametersPerN * n)
            throw RequestException.Refused(
                $"the model has {parameters} parameters for {n} patients; at most {policy.MaxGlmParametersPerN:0.##} parameters per patient are allowed");
        IReadOnlyList<Factor> all = [.. factors, outcome];
        var cells = all.SelectMany(f => f.Cells()).Concat(all.SelectMany((f, i) => all.Skip(i + 1).SelectMany(f.Cells)));
        foreach (var (what, count) in cells)
            if (count < policy.MinCellCount)
                throw RequestException.Refused($"{what} covers fewer than {policy.MinCellCount} patients of the cohort (the minimum cell count)");
    }
}
