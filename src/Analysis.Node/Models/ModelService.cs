using Analysis.Contracts;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Analysis.Stats;

namespace Analysis.Node.Models;

/// <summary>Computes the site's contributions to federated Newton-Raphson fits, after disclosure control.</summary>
/// <remarks>
/// A client sums the sites' scores and information matrices, solves for the step and sends the new coefficients back;
/// because both are sums over patients, the pooled estimate equals a fit on the pooled rows (for Cox, a fit stratified
/// by site). Missing values drop the patient (complete cases). The likelihoods are Analysis.Stats' <see cref="LogisticScore"/>
/// and <see cref="CoxScore"/>, the same a local analysis fits with; the node adds only the SQL that loads their rows and
/// the disclosure checks.
/// </remarks>
internal sealed class ModelService(QueryExecutor executor, DisclosurePolicy policy)
{
    /// <summary>The logistic log-likelihood, its gradient and the negative Hessian at the request's coefficients.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The site's statistics.</returns>
    /// <exception cref="RequestException">Bad input (400, naming the field) or refused by disclosure control (422).</exception>
    public LogisticScoreResult Logistic(LogisticScoreRequest request)
    {
        var outcome = DesignSpec.CategoricalSql(request.Outcome, "outcome")
            ?? throw RequestException.Invalid("outcome", $"outcome must be a categorical variable; use one of: {string.Join(", ", Variables.CategoricalNames)}");
        var positive = PositiveLevel(executor, outcome, request.Outcome!, request.Positive);
        var design = DesignSpec.Parse(request.Covariates, intercept: true, executor, [request.Outcome!]);
        var beta = design.Coefficients(request.Beta);
        var filter = Filter(request.Filter);
        var rows = design.Load(executor, filter, [outcome], $"{outcome} <> '{Variable.MissingLevel}'");
        var y = rows.Extra.Select(e => (string)e[0]! == positive).ToArray();
        ModelDisclosure.Check(policy, rows.N, design.Columns.Count, rows.Factors, Factor.Binary($"the outcome {request.Outcome}", positive, "other", y));
        var step = EnsureFinite(new LogisticScore(design.Columns, y, rows.X).Evaluate(beta));
        return new LogisticScoreResult(design.Columns, rows.N, step.Score, step.Information, step.LogLikelihood);
    }

    /// <summary>The log partial likelihood (Efron's or Breslow's ties), its gradient and the negative Hessian at the request's coefficients.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The site's statistics.</returns>
    /// <remarks>Follow-up is rounded up to the policy's survival grid first, as no finer time leaves the node elsewhere; a
    /// pooled reference fit must use the same rounded times. The site's patients form their own risk sets, and its deaths
    /// at a grid time are its own tied deaths (Efron), so the sites' sums are the pooled fit stratified by site.</remarks>
    /// <exception cref="RequestException">Bad input (400, naming the field) or refused by disclosure control (422).</exception>
    public CoxScoreResult Cox(CoxScoreRequest request)
    {
        var ties = Ties(request.Ties);
        var design = DesignSpec.Parse(request.Covariates, intercept: false, executor, ["event", "followup_days"]);
        var beta = design.Coefficients(request.Beta);
        var filter = Filter(request.Filter);
        var grid = policy.SurvivalGridDays;
        var rows = design.Load(executor, filter,
            [$"CAST(ceil(CAST(followup_days AS DOUBLE) / {grid}) * {grid} AS BIGINT)", "CAST(event AS BIGINT)"],
            "followup_days IS NOT NULL AND followup_days >= 0 AND event IS NOT NULL");
        var time = rows.Extra.Select(e => (double)Convert.ToInt64(e[0])).ToArray();
        var died = rows.Extra.Select(e => Convert.ToInt64(e[1]) == 1).ToArray();
        var events = died.LongCount(d => d);
        ModelDisclosure.Check(policy, rows.N, design.Columns.Count, rows.Factors, Factor.Binary("the outcome", "died", "censored", died));
        // All the site's patients form one stratum: its risk sets hold only its own patients.
        var step = EnsureFinite(new CoxScore(design.Columns, time, died, rows.X, ties: ties).Evaluate(beta));
        return new CoxScoreResult(design.Columns, rows.N, events, step.Score, step.Information, step.LogLikelihood);
    }

    /// <summary>The handling of ties a request names (field <c>ties</c>): <c>efron</c> when omitted, as R's <c>coxph</c>.</summary>
    /// <exception cref="RequestException">Anything but <c>efron</c> or <c>breslow</c> (any case).</exception>
    internal static CoxTies Ties(string? ties) => ties?.ToLowerInvariant() switch
    {
        null or "efron" => CoxTies.Efron,
        "breslow" => CoxTies.Breslow,
        _ => throw RequestException.Invalid("ties", $"ties must be 'efron' (the default) or 'breslow', not '{ties}'"),
    };

    /// <summary>The outcome level counted as 1 (field <c>positive</c>): the named one, or the later of exactly two.</summary>
    internal static string PositiveLevel(QueryExecutor executor, string outcomeSql, string outcome, string? positive)
    {
        var levels = DesignSpec.SiteLevels(executor, outcomeSql);
        if (positive is null)
            return levels.Count == 2 ? levels[1]
                : throw RequestException.Invalid("positive", $"{outcome} has {levels.Count} levels; name the one counted as 1 in positive ({string.Join(", ", levels)})");
        return levels.Contains(positive) ? positive
            : throw RequestException.Invalid("positive", $"'{positive}' is not a level of {outcome}; use one of: {string.Join(", ", levels)}");
    }

    private static SqlCondition Filter(CohortFilter? filter) => (filter ?? new CohortFilter()).ToSql();

    private static ScoreStep EnsureFinite(ScoreStep step)
    {
        // Finite but enormous coefficients can still overflow the sums; the client must step back, not get NaN.
        return double.IsFinite(step.LogLikelihood) && step.Score.All(double.IsFinite) && step.Information.All(row => row.All(double.IsFinite))
            ? step
            : throw RequestException.Invalid("beta", "the coefficients are too large: the statistics at beta are not finite numbers");
    }
}
