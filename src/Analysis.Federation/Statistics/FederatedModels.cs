using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Stats;

namespace Analysis.Federation;

/// <summary>One site's Newton-Raphson contribution: its design columns and its score, information and likelihood at beta.</summary>
internal sealed record SiteScore(IReadOnlyList<string> Columns, ScoreStep Step)
{
    public static Func<JsonElement, SiteScore> Reader(string likelihood, bool cox) => body =>
    {
        var columns = UnexpectedAnswerException.Member(body, "columns").EnumerateArray().Select(c => c.GetString() ?? "").ToArray();
        var score = UnexpectedAnswerException.Member(body, "score").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var information = UnexpectedAnswerException.Member(body, "information").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        if (score.Length != columns.Length || information.Length != columns.Length || information.Any(r => r.Length != columns.Length))
            throw new UnexpectedAnswerException($"{columns.Length} columns but a score of {score.Length} and information of {information.Length} rows");
        var n = UnexpectedAnswerException.Member(body, "n").GetInt64();
        // A logistic node does not send its outcome count; FitAsync recovers it from the beta = 0 step (see there).
        var events = cox ? UnexpectedAnswerException.Member(body, "events").GetInt64() : 0;
        return new SiteScore(columns, new ScoreStep(score, information, UnexpectedAnswerException.Member(body, likelihood).GetDouble(), n, events));
    };
}

/// <summary>
/// Cox and logistic regression by federated Newton-Raphson: every iteration sends the current coefficients to the
/// sites, which answer with their score and information; their sums are the pooled data's, so the estimate equals a
/// fit on the pooled rows (a Cox fit stratified by site, as each site's risk sets hold only its own patients).
/// </summary>
internal static class FederatedModels
{
    public static async Task<Federated<CoxResult>> CoxAsync(Cohort cohort, IReadOnlyList<string> covariates, NewtonOptions? options, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["filter"] = cohort.ToFilter(), ["covariates"] = Names(covariates), ["ties"] = "breslow" };
        var (fit, sites, caveats) = await FitAsync(cohort.RequireFederation(), "cox", "api/v1/cox/score", body, SiteScore.Reader("logPartialLikelihood", cox: true),
            step => step.Events, options, cancellationToken).ConfigureAwait(false);
        return new Federated<CoxResult>(CoxResult.From(fit), sites, caveats);
    }

    public static async Task<Federated<LogisticResult>> LogisticAsync(Cohort cohort, string outcome, string? positive, IReadOnlyList<string> covariates,
        NewtonOptions? options, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["filter"] = cohort.ToFilter(), ["outcome"] = outcome, ["covariates"] = Names(covariates) };
        if (positive is not null) body["positive"] = positive;
        // At beta = 0 every fitted probability is 1/2, so the intercept's score is sum(y) - n/2: the outcome count.
        var (fit, sites, caveats) = await FitAsync(cohort.RequireFederation(), "logistic", "api/v1/glm/logistic", body, SiteScore.Reader("logLikelihood", cox: false),
            step => (long)Math.Round(step.Score[0] + step.N / 2.0), options, cancellationToken).ConfigureAwait(false);
        return new Federated<LogisticResult>(LogisticResult.From(fit), sites, caveats);
    }

    private static JsonArray Names(IReadOnlyList<string> covariates) =>
        covariates.Count == 0 ? throw new ArgumentException("name at least one covariate", nameof(covariates)) : new JsonArray([.. covariates.Select(c => (JsonNode)c)]);

    /// <summary>
    /// Asks every site at beta = 0 to learn who can take part (answered, with the same design columns as the majority),
    /// then iterates with those sites only. A site that stops answering mid-fit would change the data under the fit, so
    /// the fit is restarted without it.
    /// </summary>
    private static async Task<(NewtonFit Fit, IReadOnlyList<SiteContribution> Sites, IReadOnlyList<string> Caveats)> FitAsync(
        Federation federation, string model, string path, JsonObject body, Func<JsonElement, SiteScore> read, Func<ScoreStep, long> eventsAtZero,
        NewtonOptions? options, CancellationToken cancellationToken)
    {
        var left = new Dictionary<string, string>();
        var first = await federation.AskAllAsync(path, Body(body, null), read, cancellationToken).ConfigureAwait(false);
        foreach (var failed in first.Where(a => !a.Answered)) left[failed.Site] = failed.Failure!;
        var answered = first.Where(a => a.Answered).ToList();
        if (answered.Count == 0) throw new FederatedQueryException(model, first.Select(a => new SiteContribution(a.Site, false, null, a.Failure)));
        var columns = answered.GroupBy(a => string.Join('\u001f', a.Value!.Columns)).OrderByDescending(g => g.Count()).First().First().Value!.Columns;
        foreach (var other in answered.Where(a => !a.Value!.Columns.SequenceEqual(columns)))
            left[other.Site] = $"its design columns ({string.Join(", ", other.Value!.Columns)}) differ from the others' ({string.Join(", ", columns)})";
        var starting = answered.Where(a => !left.ContainsKey(a.Site)).ToDictionary(a => a.Site, a => a.Value!.Step with { Events = eventsAtZero(a.Value!.Step) });

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
                    var answers = await federation.AskAsync(participants, path, Body(body, beta), read, $"{model}: iteration {iteration}", ct).ConfigureAwait(false);
                    if (answers.FirstOrDefault(a => !a.Answered) is { } dropped) throw new SiteDroppedException(dropped.Site, dropped.Failure!);
                    if (answers.FirstOrDefault(a => !a.Value!.Columns.SequenceEqual(columns)) is { } changed)
                        throw new SiteDroppedException(changed.Site, "its design columns changed during the fit");
                    return ScoreStep.Sum(answers.Select(a => a.Value!.Step)) with { Events = events };
                }, options, cancellationToken).ConfigureAwait(false);
                var contributions = federation.Sites.Select(s => left.TryGetValue(s.Name, out var why)
                    ? new SiteContribution(s.Name, false, null, why)
                    : new SiteContribution(s.Name, true, starting[s.Name].N, null)).ToList();
                var caveats = new List<string>();
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

    private static JsonObject Body(JsonObject body, double[]? beta)
    {
        var copy = (JsonObject)body.DeepClone();
        if (beta is not null) copy["beta"] = new JsonArray([.. beta.Select(b => (JsonNode)b)]);
        return copy;
    }

    private sealed class SiteDroppedException(string site, string reason) : Exception($"{site}: {reason}")
    {
        public string Site { get; } = site;
        public string Reason { get; } = reason;
    }
}
