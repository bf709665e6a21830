using Analysis.Contracts;

namespace Analysis.Node.Disclosure;

/// <summary>The node's behaviour for the contract's <see cref="DisclosurePolicy"/>: how a true number becomes a released one.</summary>
internal static class DisclosureRules
{
    /// <summary>The cell rule alone: the count, or suppressed under <see cref="DisclosurePolicy.MinCellCount"/>.</summary>
    public static ReleasedCell Count(this DisclosurePolicy policy, long count) =>
        count >= policy.MinCellCount ? ReleasedCell.Shown(count) : ReleasedCell.Suppressed(policy.MinCellCount);

    /// <summary>
    /// A count of the patients behind a cell: suppressed under the cell threshold; in protected mode perturbed by the
    /// cell-key noise of those patients and, when <paramref name="round"/>, rounded to the policy's base. A shown count
    /// never drops under the threshold, so "shown" still means "at least the threshold".
    /// </summary>
    public static ReleasedCell Release(this DisclosurePolicy policy, long count, ulong cellKey, CellKind kind, bool round = true)
    {
        if (count < policy.MinCellCount) return ReleasedCell.Suppressed(policy.MinCellCount);
        if (policy.IsExact) return ReleasedCell.Shown(count);
        var value = count + CellKey.Noise(cellKey, count, kind, policy.NoiseMax);
        if (round) value = RoundToBase(value, policy.RoundingBase);
        return ReleasedCell.Shown(Math.Max(value, policy.MinCellCount));
    }

    /// <summary>
    /// A cell released without the cell rule (risk-table cells, whose protection is the survival grid): in protected
    /// mode a non-empty cell is perturbed (never below 0), an empty one stays 0.
    /// </summary>
    public static ReleasedCell ReleaseOnGrid(this DisclosurePolicy policy, long count, ulong cellKey, CellKind kind)
    {
        if (policy.IsExact || count == 0) return ReleasedCell.Shown(count);
        return ReleasedCell.Shown(Math.Max(0, count + CellKey.Noise(cellKey, count, kind, policy.NoiseMax)));
    }

    /// <summary>
    /// A sum over the patients of a cell, of values already coarsened to their published resolution
    /// (<paramref name="unit"/>: the survival grid for follow-up, the age band for age): in protected mode plus
    /// <c>unit ×</c> the cell-key noise, so the sum cannot be differenced to one patient's value finer than the unit.
    /// </summary>
    public static double ReleaseSum(this DisclosurePolicy policy, double sum, long count, ulong cellKey, CellKind kind, double unit) =>
        policy.IsExact ? sum : sum + unit * CellKey.Noise(cellKey, count, kind, policy.NoiseMax);

    /// <summary>Rounds to the nearest multiple of <paramref name="roundingBase"/>, halves up.</summary>
    public static long RoundToBase(long value, int roundingBase) =>
        roundingBase <= 1 ? value : (long)Math.Floor((value + roundingBase / 2.0) / roundingBase) * roundingBase;
}
