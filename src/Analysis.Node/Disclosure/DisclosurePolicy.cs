namespace Analysis.Node.Disclosure;

/// <summary>The statistical disclosure rules every aggregate passes before it leaves the node.</summary>
/// <remarks>
/// <see cref="MinSubsetSize"/> defaults to 10, twice the cell threshold: a multi-cell result (cross-table, histogram,
/// risk table) over a cohort of 5 to 9 patients would have almost every cell suppressed, and the few visible cells
/// plus the cohort total would let a reader recover the suppressed ones by subtraction. Single counts and summaries
/// need only <see cref="MinCellCount"/>.
/// </remarks>
public sealed record DisclosurePolicy
{
    /// <summary>The smallest count shown; smaller counts (including zero) are suppressed. Default 5.</summary>
    public int MinCellCount { get; init; } = 5;

    /// <summary>The smallest cohort a multi-cell result is computed over; smaller cohorts are refused. Default 10.</summary>
    public int MinSubsetSize { get; init; } = 10;

    /// <summary>Width in days of the survival risk-table grid, so no exact event time is released. Default 30.</summary>
    public int SurvivalGridDays { get; init; } = 30;

    /// <summary>
    /// Whether each risk-table cell (at risk, events, censored per grid interval) also passes the cell rule. Off by default:
    /// the grid is what protects survival times, and a stratum smaller than <see cref="MinSubsetSize"/> is withheld whole.
    /// With the cell rule a 30-day grid at a site of a few thousand patients has nearly every interval's events under 5,
    /// which makes a pooled Kaplan-Meier curve impossible; sites that need it anyway turn this on, and clients then
    /// report their curves as approximate.
    /// </summary>
    public bool SuppressRiskTableCells { get; init; }

    /// <summary>
    /// Whether numeric summaries may include the minimum and maximum (off by default: an extreme value often
    /// belongs to one identifiable patient, e.g. the oldest). Even when on, they are released only with an
    /// unsuppressed n.
    /// </summary>
    public bool ReleaseMinMax { get; init; }

    /// <summary>The largest ratio of model parameters to patients a fitted model may have. Default 0.33.</summary>
    public double MaxGlmParametersPerN { get; init; } = 0.33;

    /// <summary>A query running longer than this is cancelled. Default 30 s.</summary>
    public int QueryTimeoutSeconds { get; init; } = 30;

    /// <summary>The most rows (cells, bins, intervals or records) one answer may hold. Default 10,000.</summary>
    public int MaxResultRows { get; init; } = 10_000;

    /// <summary>Applies the cell rule to a count.</summary>
    /// <param name="count">The true count.</param>
    /// <returns>The count, or a suppressed cell when it is below <see cref="MinCellCount"/>.</returns>
    public Cell Count(long count) => count >= MinCellCount ? Cell.Shown(count) : Cell.Suppressed(MinCellCount);

    /// <summary>Checks the policy's values make sense.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MinCellCount < 1) throw new ArgumentException("minCellCount must be at least 1");
        if (MinSubsetSize < MinCellCount) throw new ArgumentException("minSubsetSize must be at least minCellCount");
        if (SurvivalGridDays < 1) throw new ArgumentException("survivalGridDays must be at least 1");
        if (MaxGlmParametersPerN is <= 0 or > 1) throw new ArgumentException("maxGlmParametersPerN must be in (0, 1]");
        if (QueryTimeoutSeconds < 1) throw new ArgumentException("queryTimeoutSeconds must be at least 1");
        if (MaxResultRows < 1) throw new ArgumentException("maxResultRows must be at least 1");
    }
}
