using Analysis.Contracts;

namespace Analysis.Node.Disclosure;

/// <summary>What the node does with a site's <see cref="DisclosurePolicy"/> (the policy's values are the contract's; applying them is the node's).</summary>
internal static class DisclosureRules
{
    /// <summary>Applies the cell rule to a count.</summary>
    /// <param name="policy">The site's rules.</param>
    /// <param name="count">The true count.</param>
    /// <returns>The count, or a cell suppressed as <c>&lt;MinCellCount</c> when it is below <see cref="DisclosurePolicy.MinCellCount"/>.</returns>
    public static ReleasedCell Count(this DisclosurePolicy policy, long count) =>
        count >= policy.MinCellCount ? ReleasedCell.Shown(count) : ReleasedCell.Suppressed(policy.MinCellCount);
}
