namespace Analysis.Contracts;

/// <summary>The statistical disclosure rules every answer of a site passes, as the site configures them and its node reports them.</summary>
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

    /// <summary>Checks the policy's values make sense.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
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

/// <summary>Answer of <c>GET /api/v1/info</c>: what a client needs to know about a site before asking it anything.</summary>
/// <param name="Name">The site's human-readable name.</param>
/// <param name="Version">The node software's version.</param>
/// <param name="Open">Whether tokens with the <c>records</c> scope may read rows.</param>
/// <param name="Patients">The number of patients in the dataset, under the cell rule.</param>
/// <param name="Policy">The disclosure rules every answer passes.</param>
/// <param name="Categorical">Variables that can group, stratify or enter models as factors.</param>
/// <param name="Numeric">Variables that can be summarised or enter models as they are.</param>
public sealed record NodeInfo(string Name, string Version, bool Open, ReleasedCell Patients, DisclosurePolicy Policy,
    IReadOnlyList<string> Categorical, IReadOnlyList<string> Numeric);

/// <summary>The body of every error answer (RFC 9457 problem details, <c>application/problem+json</c>).</summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">A short summary of the kind.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What exactly is wrong.</param>
/// <param name="Field">The JSON path of the offending request member, when there is one (e.g. <c>filter.ageMax</c>).</param>
public sealed record Problem(string? Type = null, string? Title = null, int? Status = null, string? Detail = null, string? Field = null);
