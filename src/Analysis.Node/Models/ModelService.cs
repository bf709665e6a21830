using Analysis.Contracts;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Analysis.Stats;

namespace Analysis.Node.Models;

/// <summary>Computes the site's contributions to federated Newton-Raphson fits, after disclosure control.</summary>
/// <remarks>
/// <para>A client sums the sites' scores and information matrices, solves for the step and sends the new coefficients back;
/// because both are sums over patients, the pooled estimate equals a fit on the pooled rows (for Cox, a fit stratified
/// by site). Missing values drop the patient (complete cases). The likelihoods are Analysis.Stats' <see cref="LogisticScore"/>
/// and <see cref="CoxScore"/>, the same a local analysis fits with; the node adds only the SQL that loads their rows and
/// the disclosure checks.</para>
/// <para>In protected mode (the default) <see cref="ModelProtection"/> adds its checks and noise (docs/privacy.md).</para>
/// </remarks>
internal sealed class ModelService(QueryExecutor executor, DisclosurePolicy policy, ModelProtection? protection = null)
{
    private readonly ModelProtection _protection = protection ?? new ModelProtection(policy, null, null);

    /// <summary>The logistic statistics for an anonymous caller (tests and tools; the server passes the user).</summary>
    public LogisticScoreResult Logistic(LogisticScoreRequest request) => Logistic(request, "");

    /// <summary>The Cox statistics for an anonymous caller (tests and tools; the server passes the user).</summary>
    public CoxScoreResult Cox(CoxScoreRequest request) => Cox(request, "");

    /// <summary>The logistic log-likelihood, its gradient and the negative Hessian at the request's coefficients.</summary>
    /// <param name="request">The request.</param>
    /// <param name="user">Who asks (the budget of distinct coefficients is per user).</param>
    /// <returns>The site's statistics.</returns>
    /// <exception cref="RequestException">Bad input (400, naming the field) or refused by disclosure control (422).</exception>
    public LogisticScoreResult Logistic(LogisticScoreRequest request, string user)
    {
        _protection.CheckCovariates(request.Covariates);
        var outcome = DesignSpec.CategoricalSql(request.Outcome, "outcome")
            ?? throw RequestException.Invalid("outcome", $"outcome must be a categorical variable; use one of: {string.Join(", ", Variables.CategoricalNames)}");
        var positive = PositiveLevel(executor, outcome, request.Outcome!, request.Positive);
        var design = DesignSpec.Parse(request.Covariates, intercept: true, executor, [request.Outcome!]);
        var beta = design.Coefficients(request.Beta);
        var filter = Filter(request.Filter);
        var rows = design.Load(executor, filter, [.. ModelProtection.KeyColumns, outcome], $"{outcome} <> '{Variable.MissingLevel}'");
        var first = ModelProtection.KeyColumns.Count;
        var y = rows.Extra.Select(e => (string)e[first]! == positive).ToArray();
        ModelDisclosure.Check(policy, rows.N, design.Columns.Count, rows.Factors, Factor.Binary($"the outcome {request.Outcome}", positive, "other", y));
        if (_protection.IsExact)
        {
            var exact = EnsureFinite(new LogisticScore(design.Columns, y, rows.X).Evaluate(beta));
            return new LogisticScoreResult(design.Columns, rows.N, exact.Score, exact.Information, exact.LogLikelihood);
        }
        var key = _protection.Admit(user, rows, $"logistic|{request.Outcome}|{positive}|{string.Join(',', design.Columns)}", beta,
            () => ModelWeights.Logistic(rows.X, beta));
        var step = ModelProtection.Perturb(EnsureFinite(new LogisticScore(design.Columns, y, rows.X).Evaluate(beta)), key,
            ModelWeights.NoiseScale(rows.X, centred: false));
        return new LogisticScoreResult(design.Columns, _protection.Release(rows.N, ModelProtection.CohortKey(rows), CellKind.Count),
            step.Score, step.Information, step.LogLikelihood) { Approximate = true };
    }

    /// <summary>The log partial likelihood (Efron's or Breslow's ties), its gradient and the negative Hessian at the request's coefficients.</summary>
    /// <param name="request">The request.</param>
    /// <param name="user">Who asks (the budget of distinct coefficients is per user).</param>
    /// <returns>The site's statistics.</returns>
    /// <remarks>Follow-up is rounded up to the policy's survival grid first, as no finer time leaves the node elsewhere; a
    /// pooled reference fit must use the same rounded times. The site's patients form their own risk sets, and its deaths
    /// at a grid time are its own tied deaths (Efron), so the sites' sums are the pooled fit stratified by site.</remarks>
    /// <exception cref="RequestException">Bad input (400, naming the field) or refused by disclosure control (422).</exception>
    public CoxScoreResult Cox(CoxScoreRequest request, string user)
    {
        _protection.CheckCovariates(request.Covariates);
        var ties = Ties(request.Ties);
        var design = DesignSpec.Parse(request.Covariates, intercept: false, executor, ["event", "followup_days"]);
        var beta = design.Coefficients(request.Beta);
        var filter = Filter(request.Filter);
        var grid = policy.SurvivalGridDays;
        var rows = design.Load(executor, filter,
            [.. ModelProtection.KeyColumns, $"CAST(ceil(CAST(followup_days AS DOUBLE) / {grid}) * {grid} AS BIGINT)", "CAST(event AS BIGINT)"],
            "followup_days IS NOT NULL AND followup_days >= 0 AND event IS NOT NULL");
        var first = ModelProtection.KeyColumns.Count;
        var time = rows.Extra.Select(e => (double)Convert.ToInt64(e[first])).ToArray();
        var died = rows.Extra.Select(e => Convert.ToInt64(e[first + 1]) == 1).ToArray();
        var events = died.LongCount(d => d);
        ModelDisclosure.Check(policy, rows.N, design.Columns.Count, rows.Factors, Factor.Binary("the outcome", "died", "censored", died));
        // All the site's patients form one stratum: its risk sets hold only its own patients.
        if (_protection.IsExact)
        {
            var exact = EnsureFinite(new CoxScore(design.Columns, time, died, rows.X, ties: ties).Evaluate(beta));
            return new CoxScoreResult(design.Columns, rows.N, events, exact.Score, exact.Information, exact.LogLikelihood);
        }
        var key = _protection.Admit(user, rows, $"cox|{ties}|{string.Join(',', design.Columns)}", beta, () => ModelWeights.Cox(rows.X, time, died, beta));
        var step = ModelProtection.Perturb(EnsureFinite(new CoxScore(design.Columns, time, died, rows.X, ties: ties).Evaluate(beta)), key,
            ModelWeights.NoiseScale(rows.X, centred: true));
        // n and events as counts of the patients behind them: perturbed by their records' keys and rounded, so a model on
        // 400 patients against one on 399 does not give away the 400th patient's vital status.
        return new CoxScoreResult(design.Columns, _protection.Release(rows.N, ModelProtection.CohortKey(rows), CellKind.Count),
            _protection.Release(events, ModelProtection.CohortKey(rows, i => died[i]), CellKind.Events),
            step.Score, step.Information, step.LogLikelihood) { Approximate = true };
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
