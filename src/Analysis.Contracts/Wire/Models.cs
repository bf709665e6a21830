namespace Analysis.Contracts;

/// <summary>Body of <c>POST /api/v1/glm/logistic</c>: one Newton-Raphson step's worth of site statistics for a logistic regression.</summary>
public sealed record LogisticScoreRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>A categorical variable whose <see cref="Positive"/> level is the outcome 1, e.g. <c>event</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>The level counted as 1; may be omitted when the variable has exactly two levels (the later one is then 1, so <c>event</c> = 1).</summary>
    public string? Positive { get; init; }

    /// <summary>Variable names; categorical ones become dummy columns against their first level, numeric ones enter as they are.</summary>
    public IReadOnlyList<string>? Covariates { get; init; }

    /// <summary>The current coefficients in the order of the answer's columns; zeros when omitted.</summary>
    public IReadOnlyList<double>? Beta { get; init; }
}

/// <summary>Answer of <c>glm/logistic</c>: what a client sums over sites for one Newton-Raphson step.</summary>
/// <param name="Columns">The design columns, in the order of <c>beta</c>, the score and the information matrix.</param>
/// <param name="N">Patients in the fit (the cohort's complete cases).</param>
/// <param name="Score">Gradient of the log-likelihood at beta.</param>
/// <param name="Information">Negative Hessian of the log-likelihood at beta (p×p, row-major).</param>
/// <param name="LogLikelihood">The log-likelihood at beta.</param>
public sealed record LogisticScoreResult(IReadOnlyList<string> Columns, long N, double[] Score, double[][] Information, double LogLikelihood)
{
    /// <summary>True when the site is in protected mode: n is perturbed and rounded, and score, information and
    /// log-likelihood carry noise keyed to the cohort and the coefficients, so a fit is close to, not equal to, the pooled one.</summary>
    public bool Approximate { get; init; }
}

/// <summary>Body of <c>POST /api/v1/cox/score</c>: the site's Cox partial-likelihood score and information at <see cref="Beta"/>.</summary>
public sealed record CoxScoreRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>Variable names, expanded as for the logistic model but without an intercept (the baseline hazard absorbs it).</summary>
    public IReadOnlyList<string>? Covariates { get; init; }

    /// <summary>The current coefficients in the order of the answer's columns; zeros when omitted.</summary>
    public IReadOnlyList<double>? Beta { get; init; }

    /// <summary>How deaths at the same (grid) time are handled: <c>efron</c> (the default when omitted, as R's <c>coxph</c>) or <c>breslow</c>.</summary>
    public string? Ties { get; init; }
}

/// <summary>Answer of <c>cox/score</c>: what a client sums over sites for one Newton-Raphson step of a site-stratified Cox model.</summary>
/// <param name="Columns">The design columns, in the order of <c>beta</c>, the score and the information matrix.</param>
/// <param name="N">Patients in the fit.</param>
/// <param name="Events">Deaths among them.</param>
/// <param name="Score">Gradient of the log partial likelihood at beta.</param>
/// <param name="Information">Negative Hessian of the log partial likelihood at beta (p×p, row-major).</param>
/// <param name="LogPartialLikelihood">The log partial likelihood at beta.</param>
public sealed record CoxScoreResult(IReadOnlyList<string> Columns, long N, long Events, double[] Score, double[][] Information, double LogPartialLikelihood)
{
    /// <summary>True when the site is in protected mode: n and events are perturbed and rounded, and score, information
    /// and log partial likelihood carry noise keyed to the cohort and the coefficients, so a fit is close to, not equal to, the pooled one.</summary>
    public bool Approximate { get; init; }
}
