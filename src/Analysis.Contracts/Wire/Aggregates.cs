namespace Analysis.Contracts;

/// <summary>Body of <c>POST /api/v1/count</c>.</summary>
public sealed record CountRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }
}

/// <summary>Answer of <c>count</c>.</summary>
/// <param name="Count">The number of patients in the cohort.</param>
public sealed record CountResult(ReleasedCell Count);

/// <summary>Body of <c>POST /api/v1/crosstab</c>.</summary>
public sealed record CrosstabRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>The categorical variable of the rows.</summary>
    public string? Rows { get; init; }

    /// <summary>The categorical variable of the columns.</summary>
    public string? Columns { get; init; }
}

/// <summary>One cell of a cross-table.</summary>
/// <param name="Row">The row level.</param>
/// <param name="Column">The column level.</param>
/// <param name="Count">The count.</param>
public sealed record CrosstabCell(string Row, string Column, ReleasedCell Count);

/// <summary>Answer of <c>crosstab</c>: every combination of the site's levels, so an absent combination is suppressed rather than missing.</summary>
/// <param name="Rows">The row variable.</param>
/// <param name="Columns">The column variable.</param>
/// <param name="Cells">The cells, row-major.</param>
public sealed record CrosstabResult(string Rows, string Columns, IReadOnlyList<CrosstabCell> Cells);

/// <summary>Body of <c>POST /api/v1/summary</c>.</summary>
public sealed record SummaryRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>The numeric variable: <c>age_at_diagnosis</c> or <c>followup_days</c>.</summary>
    public string? Variable { get; init; }
}

/// <summary>Answer of <c>summary</c>: the sufficient statistics for a mean and variance.</summary>
/// <param name="Variable">The variable.</param>
/// <param name="N">Patients with a value.</param>
/// <param name="Sum">Sum of values; null when <paramref name="N"/> is suppressed.</param>
/// <param name="SumOfSquares">Sum of squared values; null when <paramref name="N"/> is suppressed.</param>
/// <param name="Min">Smallest value; only when the policy releases extremes and <paramref name="N"/> is shown.</param>
/// <param name="Max">Largest value; only when the policy releases extremes and <paramref name="N"/> is shown.</param>
public sealed record SummaryResult(string Variable, ReleasedCell N, double? Sum = null, double? SumOfSquares = null, double? Min = null, double? Max = null);

/// <summary>Body of <c>POST /api/v1/histogram</c>.</summary>
public sealed record HistogramRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>The numeric variable.</summary>
    public string? Variable { get; init; }

    /// <summary>Bin width in the variable's unit; 10 years for age, 365 days for follow-up when omitted.</summary>
    public int? BinWidth { get; init; }
}

/// <summary>One released histogram bin, covering [Lower, Upper).</summary>
/// <param name="Lower">Inclusive lower bound.</param>
/// <param name="Upper">Exclusive upper bound.</param>
/// <param name="Count">The count.</param>
public sealed record ReleasedBin(long Lower, long Upper, ReleasedCell Count);

/// <summary>Answer of <c>histogram</c>.</summary>
/// <param name="Variable">The variable.</param>
/// <param name="BinWidth">The bin width.</param>
/// <param name="Bins">The bins over the site's whole range, in order.</param>
public sealed record HistogramResult(string Variable, int BinWidth, IReadOnlyList<ReleasedBin> Bins);

/// <summary>Body of <c>POST /api/v1/survival/risktable</c>.</summary>
public sealed record RiskTableRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>A categorical variable to stratify by; one stratum <c>all</c> when omitted.</summary>
    public string? Strata { get; init; }
}

/// <summary>One interval [Start, End) days after diagnosis.</summary>
/// <param name="Start">First day.</param>
/// <param name="End">Day after the last.</param>
/// <param name="AtRisk">Patients followed at least to <paramref name="Start"/>.</param>
/// <param name="Events">Deaths in the interval.</param>
/// <param name="Censored">Patients last seen alive in the interval.</param>
public sealed record RiskInterval(long Start, long End, ReleasedCell AtRisk, ReleasedCell Events, ReleasedCell Censored);

/// <summary>The risk table of one stratum.</summary>
/// <param name="Stratum">The level, or <c>all</c>.</param>
/// <param name="Intervals">The intervals in order.</param>
public sealed record RiskStratum(string Stratum, IReadOnlyList<RiskInterval> Intervals);

/// <summary>Answer of <c>survival/risktable</c>.</summary>
/// <param name="IntervalDays">The grid width.</param>
/// <param name="Strata">The strata.</param>
public sealed record RiskTableResult(int IntervalDays, IReadOnlyList<RiskStratum> Strata);

/// <summary>Body of <c>POST /api/v1/records</c> (open datasets and the <c>records</c> scope only).</summary>
public sealed record RecordsRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>The most rows to return; the policy's row limit when omitted.</summary>
    public int? Limit { get; init; }
}

/// <summary>Answer of <c>records</c>.</summary>
/// <param name="Records">The patient rows, column name to value (numbers, text, dates as <c>yyyy-MM-dd</c>, or null).</param>
public sealed record RecordsResult(IReadOnlyList<IReadOnlyDictionary<string, object?>> Records);
