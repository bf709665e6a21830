using Analysis.Contracts;
using Analysis.Stats;

namespace Analysis.Federation;

/// <summary>One site's Newton-Raphson contribution: its design columns and its score, information and likelihood at beta.</summary>
internal sealed record SiteScore(IReadOnlyList<string> Columns, ScoreStep Step, bool Approximate)
{
    // A logistic node does not send its outcome count; FitAsync recovers it from the beta = 0 step (see there).
    public static SiteScore Of(LogisticScoreResult r) => new(r.Columns, new ScoreStep(r.Score, r.Information, r.LogLikelihood, r.N, 0), r.Approximate);

    public static SiteScore Of(CoxScoreResult r) => new(r.Columns, new ScoreStep(r.Score, r.Information, r.LogPartialLikelihood, r.N, r.Events), r.Approximate);
}

/// <summary>
/// Cox and logistic regression by federated Newton-Raphson: every iteration sends the current coefficients to the
/// sites, which answer with their score and information; their sums are the pooled data's, so the estimate equals a
/// fit on the pooled rows (a Cox fit stratified by site, as each site's risk sets hold only its own patients).
/// </summary>
internal static class FederatedModels
{
    public static async Task<Federated<CoxResult>> CoxAsync(Cohort cohort, IReadOnlyList<Variable> covariates, CoxTies ties, NewtonOptions? options,
        CancellationToken cancellationToken)
    {
        // The wire names are R's (ties = "efron" / "breslow"); every site is asked for the same, so their sums are one likelihood.
        var name = ties switch
        {
            CoxTies.Efron => "efron",
            CoxTies.Breslow => "breslow",
            _ => throw new ArgumentException($"ties must be {nameof(CoxTies.Efron)} or {nameof(CoxTies.Breslow)}, not {(int)ties}.", nameof(ties)),
        };
        var request = new CoxScoreRequest { Filter = cohort.ToFilter(), Covariates = Variables.Names(covariates), Ties = name };
        var (fit, sites, caveats) = await FitAsync(cohort.RequireFederation(), "cox",
            (federation, names, beta, question, ct) => Ask(federation, names, NodeEndpoints.CoxScore, request with { Beta = beta }, SiteScore.Of, question, ct),
            step => step.Events, options, cancellationToken).ConfigureAwait(false);
        return new Federated<CoxResult>(CoxResult.From(fit, ties), sites, caveats);
    }

    public static async Task<Federated<LogisticResult>> LogisticAsync(Cohort cohort, Variable outcome, string? positive, IReadOnlyList<Variable> covariates,
        NewtonOptions? options, CancellationToken cancellationToken)
    {
        var request = new LogisticScoreRequest { Filter = cohort.ToFilter(), Outcome = outcome.Name, Positive = positive, Covariates = Variables.Names(covariates) };
        // At beta = 0 every fitted probability is 1/2, so the intercept's score is sum(y) - n/2: the outcome count.
        var (fit, sites, caveats) = await FitAsync(cohort.RequireFederation(), "logistic",
            (federation, names, beta, question, ct) => Ask(federation, names, NodeEndpoints.LogisticScore, request with { Beta = beta }, SiteScore.Of, question, ct),
            step => (long)Math.Round(step.Score[0] + step.N / 2.0), options, cancellationToken).ConfigureAwait(false);
        return new Federated<LogisticResult>(LogisticResult.From(fit), sites, caveats);
    }

    /// <summary>Asks the named sites (every site when null) for their step at beta (zeros when null); the question labels progress (the endpoint when null).</summary>
    private delegate Task<IReadOnlyList<SiteAnswer<SiteScore>>> StepQuestion(FederationClient federation, IReadOnlyList<string>? sites, double[]? beta,
        string? question, CancellationToken cancellationToken);

    private static async Task<IReadOnlyList<SiteAnswer<SiteScore>>> Ask<TRequest, TResult>(FederationClient federation, IReadOnlyList<string>? sites,
        NodeEndpoint<TRequest, TResult> endpoint, TRequest request, Func<TResult, SiteScore> score, string? question, CancellationToken cancellationToken)
        where TResult : class
    {
        var answers = await federation.AskAsync(sites ?? [.. federation.Sites.Select(s => s.Name)], endpoint, request, question ?? endpoint.Path, cancellationToken).ConfigureAwait(false);
        return [.. answers.Select(a => new SiteAnswer<SiteScore>(a.Site, a.Value is { } v ? score(v) : null, a.Failure))];
    }

    /// <summary>
    /// Asks every site at beta = 0 to learn who can take part (answered, with the same design columns as the majority),
    /// then iterates with those sites only. A site that stops answering mid-fit would change the data under the fit, so
    /// the fit is restarted without it.
    /// </summary>
    private static async Task<(NewtonFit Fit, IReadOnlyList<SiteContribution> Sites, IReadOnlyList<string> Caveats)> FitAsync(
        FederationClient federation, string model, StepQuestion ask, Func<ScoreStep, long> eventsAtZero, NewtonOptions? options, CancellationToken cancellationToken)
    {
        var left = new Dictionary<string, string>();
        var first = await ask(federation, null, null, null, cancellationToken).ConfigureAwait(false);
        foreach (var failed in first.Where(a => !a.Answered)) left[failed.Site] = failed.Failure!;
        var answered = first.Where(a => a.Answered).ToList();
        if (answered.Count == 0) throw new FederatedQueryException(model, first.Select(a => new SiteContribution(a.Site, false, null, a.Failure)));
        var columns = answered.GroupBy(a => string.Join('\u001f', a.Value!.Columns)).OrderByDescending(g => g.Count()).First().First().Value!.Columns;
        foreach (var other in answered.Where(a => !a.Value!.Columns.SequenceEqual(columns)))
            left[other.Site] = $"its design columns ({string.Join(", ", other.Value!.Columns)}) differ from the others' ({string.Join(", ", columns)})";
        var starting = answered.Where(a => !left.ContainsKey(a.Site)).ToDictionary(a => a.Site, a => a.Value!.Step with { Events = Math.Max(1, eventsAtZero(a.Value!.Step)) });
        var approximate = answered.Where(a => !left.ContainsKey(a.Site) && a.Value!.Approximate).Select(a => a.Site).ToList();
        if (approximate.Count > 0 && options is null)
        {
            // Protected sites add noise keyed to the coefficients (SD about 0.5 on each site's log-likelihood), so the
            // log-likelihood and the steps jitter near the maximum by about that much: converge on a log-likelihood change
            // of a few noise SDs and on steps under 0.01, and halve only a fall larger than the noise.
            var noise = 3 * Math.Sqrt(starting.Count) / Math.Max(1, Math.Abs(ScoreStep.Sum(starting.Values).LogLikelihood));
            options = new NewtonOptions { LogLikelihoodTolerance = Math.Max(noise, 1e-8), StepTolerance = 1e-2 };
        }

        while (true)
        {
            var participants = starting.Keys.ToList();
            var events = participants.Sum(p => starting[p].Events);
            var iteration = 0;
            try
            {
                var fit = await NewtonRaphson.FitAsync(columns, async (beta, ct) =>
                {
                    iteration++;
                    if (beta.All(b => b == 0)) return ScoreStep.Sum(participants.Select(p => starting[p]));
                    var answers = await ask(federation, participants, beta, $"{model}: iteration {iteration}", ct).ConfigureAwait(false);
                    if (answers.FirstOrDefault(a => !a.Answered) is { } dropped) throw new SiteDroppedException(dropped.Site, dropped.Failure!);
                    if (answers.FirstOrDefault(a => !a.Value!.Columns.SequenceEqual(columns)) is { } changed)
                        throw new SiteDroppedException(changed.Site, "its design columns changed during the fit");
                    return ScoreStep.Sum(answers.Select(a => a.Value!.Step)) with { Events = events };
                }, options, cancellationToken).ConfigureAwait(false);
                var contributions = federation.Sites.Select(s => left.TryGetValue(s.Name, out var why)
                    ? new SiteContribution(s.Name, false, null, why)
                    : new SiteContribution(s.Name, true, starting[s.Name].N, null)).ToList();
                var caveats = new List<string>();
                if (approximate.Count > 0)
                    caveats.Add($"{string.Join(", ", approximate)} perturb their statistics (protected mode: n and events rounded, keyed noise on score and information), " +
                                "so the fit is close to, not equal to, the pooled-data fit");
                if (left.Count > 0) caveats.Add($"the model was fitted without {string.Join(", ", left.Keys)}");
                if (fit.Warning is { } warning) caveats.Add(warning);
                return (fit, contributions, caveats);
            }
            catch (SiteDroppedException dropped)
            {
                left[dropped.Site] = $"stopped answering during the fit ({dropped.Reason}); refitted without it";
                starting.Remove(dropped.Site);
                if (starting.Count == 0)
                    throw new FederatedQueryException(model, left.Select(l => new SiteContribution(l.Key, false, null, l.Value)));
            }
        }
    }

    private sealed class SiteDroppedException(string site, string reason) : Exception($"{site}: {reason}")
    {
        public string Site { get; } = site;
        public string Reason { get; } = reason;
    }
}
