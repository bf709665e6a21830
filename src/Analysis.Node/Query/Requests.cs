namespace Analysis.Node.Query;

/// <summary>Body of <c>POST /api/v1/count</c>.</summary>
public sealed record CountRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }
}

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

/// <summary>Body of <c>POST /api/v1/summary</c>.</summary>
public sealed record SummaryRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>The numeric variable: <c>age_at_diagnosis</c> or <c>followup_days</c>.</summary>
    public string? Variable { get; init; }
}

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

/// <summary>Body of <c>POST /api/v1/survival/risktable</c>.</summary>
public sealed record RiskTableRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>A categorical variable to stratify by; one stratum <c>all</c> when omitted.</summary>
    public string? Strata { get; init; }
}

/// <summary>Body of <c>POST /api/v1/records</c> (open datasets only).</summary>
public sealed record RecordsRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>The most rows to return; the policy's row limit when omitted.</summary>
    public int? Limit { get; init; }
}
