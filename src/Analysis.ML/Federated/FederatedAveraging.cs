using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Federation;
using Analysis.ML.Learning;
using Analysis.ML.Torch;
using Deedle;

namespace Analysis.ML.Federated;

/// <summary>One site's part in a round.</summary>
/// <param name="Site">The site.</param>
/// <param name="N">Its patients in the fit (0 when it failed).</param>
/// <param name="Loss">The global model's mean loss on its rows at the start of the round.</param>
/// <param name="Failure">Why it gave no update this round; null when it did.</param>
public sealed record SiteRound(string Site, long N, double Loss, string? Failure);

/// <summary>One round of federated averaging.</summary>
/// <param name="Round">1-based round.</param>
/// <param name="Loss">The global model's loss at the start of the round, averaged over the answering sites weighted by n (the pooled mean loss).</param>
/// <param name="N">Patients in the sites that answered.</param>
/// <param name="Sites">Every site's part, failures included.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record FederatedRound(int Round, double Loss, long N, IReadOnlyList<SiteRound> Sites, TimeSpan Elapsed)
{
    /// <summary>The sites that gave no update this round.</summary>
    public IEnumerable<SiteRound> Failed => Sites.Where(s => s.Failure is not null);

    /// <inheritdoc />
    public override string ToString() =>
        $"round {Round}: loss {Loss.ToString("0.#####", CultureInfo.InvariantCulture)} over {N} patients at {Sites.Count(s => s.Failure is null)}/{Sites.Count} sites"
        + string.Concat(Failed.Select(f => $"; {f.Site} failed ({f.Failure}), averaged without it"));
}

/// <summary>The outcome of a federated-averaging run: the trained network and what happened in each round.</summary>
/// <param name="Model">The global network (a TorchSharp module: predict with it, or keep training it).</param>
/// <param name="Columns">The design columns the network reads, in order (numeric covariates standardised, dummies 0/1).</param>
/// <param name="Scaling">The mean and SD used for each column (1 and 0 for dummy columns), pooled from the sites' summaries.</param>
/// <param name="InitialWeights">The weights round 1 started from.</param>
/// <param name="Rounds">Every round.</param>
public sealed record FederatedAveragingResult(TabularMlp Model, IReadOnlyList<string> Columns, Standardizer Scaling, float[] InitialWeights, IReadOnlyList<FederatedRound> Rounds)
{
    /// <summary>Rounds in which at least one site failed.</summary>
    public IEnumerable<FederatedRound> DegradedRounds => Rounds.Where(r => r.Failed.Any());

    /// <summary>One row per round: loss, n, answering sites.</summary>
    public Frame<int, string> ToFrame() =>
        Frame.FromRecords(Rounds.Select(r => new { r.Round, r.Loss, r.N, Sites = r.Sites.Count(s => s.Failure is null), Failed = string.Join(", ", r.Failed.Select(f => f.Site)) }));

    /// <inheritdoc />
    public override string ToString() =>
        $"Federated averaging: {Rounds.Count} rounds, {Model}\n" + string.Join("\n", Rounds.Select(r => "  " + r))
        + (DegradedRounds.Any() ? $"\n  {DegradedRounds.Count()} round(s) averaged without a failed site" : "");
}

/// <summary>
/// Federated averaging (FedAvg) of a binary <see cref="TabularMlp"/> across site nodes: each round every site trains
/// the global weights on its own patients (<c>POST /api/v1/ml/fedavg</c>) and the client averages the answers weighted
/// by the sites' patient counts.
/// </summary>
/// <remarks>
/// Numeric covariates are standardised with the pooled mean and SD computed first from the sites' <c>/summary</c>
/// answers (n, sum and sum of squares over the cohort). A site that fails in a round is left out of that round's
/// average and named in the round's result; the others carry on. With one local epoch of full-batch SGD the run is
/// exactly centralised full-batch gradient descent on the pooled rows.
/// </remarks>
/// <example><code>
/// var fed = Federation.Local();
/// var run = await new FederatedAveraging { Outcome = "event", Covariates = ["age_at_diagnosis", "stage_group"], Hidden = [8], Rounds = 20 }
///     .RunAsync(fed, new Progress&lt;FederatedRound&gt;(r => Console.WriteLine(r)));
/// </code></example>
public sealed record FederatedAveraging
{
    /// <summary>The node endpoint.</summary>
    public const string Path = "api/v1/ml/fedavg";

    /// <summary>The node variables that are numeric (standardised); the others are categorical (dummy-coded by the node).</summary>
    public static readonly IReadOnlyList<string> NumericVariables = ["age_at_diagnosis", "followup_days"];

    /// <summary>The cohort; everyone at every site when null.</summary>
    public Cohort? Cohort { get; init; }

    /// <summary>A categorical node variable whose <see cref="Positive"/> level is 1, e.g. <c>event</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The level counted as 1; may be omitted for a two-level outcome (the later level is 1).</summary>
    public string? Positive { get; init; }

    /// <summary>Node variable names (numeric or categorical).</summary>
    public required IReadOnlyList<string> Covariates { get; init; }

    /// <summary>Hidden layer widths; empty gives federated logistic regression by gradient descent.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [8];

    /// <summary>Rounds of averaging.</summary>
    public int Rounds { get; init; } = 10;

    /// <summary>Local epochs per round.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>SGD step size.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Rows per local step; 0 for full batch. Nodes refuse batches smaller than their minimum subset size.</summary>
    public int BatchSize { get; init; }

    /// <summary>Seeds the initial weights and each round's local shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Optional per-update L2 clipping at the sites.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Optional Gaussian noise at the sites, SD <c>NoiseMultiplier × ClipNorm</c> (a basic mechanism; no privacy accounting).</summary>
    public double? NoiseMultiplier { get; init; }

    /// <summary>Runs the rounds and returns the global model.</summary>
    /// <exception cref="InvalidOperationException">No site could take part (every site failed the first request), or sites disagree on the design columns.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<FederatedAveragingResult> RunAsync(Analysis.Federation.Federation federation, IProgress<FederatedRound>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(federation);
        var clock = Stopwatch.StartNew();
        var filter = (Cohort ?? new Cohort()).ToFilter();
        var scaling = await PooledScalingAsync(federation, filter, cancellationToken).ConfigureAwait(false);
        var describe = await federation.AskAllAsync(Path, Body(filter, scaling, null, 0), ReadUpdate, cancellationToken).ConfigureAwait(false);
        var columns = AgreedColumns(describe);
        TorchRuntime.EnsureLoaded();
        var model = TabularMlp.Create(columns.Count, Hidden, seed: Seed);
        var initial = model.GetWeights();
        var weights = initial;
        var rounds = new List<FederatedRound>();
        for (var round = 1; round <= Rounds; round++)
        {
            var answers = await federation.AskAllAsync(Path, Body(filter, scaling, weights, round), ReadUpdate, cancellationToken).ConfigureAwait(false);
            var sites = answers.Select(a => a.Value is { } v && a.Answered && Mismatch(v, columns, weights.Length) is not { } problem
                ? new SiteRound(a.Site, v.N, v.Loss, null)
                : new SiteRound(a.Site, 0, double.NaN, a.Failure ?? Mismatch(a.Value!, columns, weights.Length))).ToList();
            var good = answers.Where((a, i) => sites[i].Failure is null).Select(a => a.Value!).ToList();
            var n = good.Sum(u => u.N);
            if (n > 0) weights = Average(good, n);
            var report = new FederatedRound(round, n > 0 ? good.Sum(u => u.Loss * u.N) / n : double.NaN, n, sites, clock.Elapsed);
            rounds.Add(report);
            progress?.Report(report);
        }
        model.SetWeights(weights);
        return new FederatedAveragingResult(model, columns, Scales(columns, scaling), initial, rounds);
    }

    private sealed record SiteUpdate(IReadOnlyList<string> Columns, long N, float[]? Weights, double Loss);

    private static SiteUpdate ReadUpdate(JsonElement body)
    {
        var columns = UnexpectedAnswerException.Member(body, "columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
        var n = UnexpectedAnswerException.Member(body, "n").GetInt64();
        var weights = body.TryGetProperty("weights", out var w) && w.ValueKind == JsonValueKind.String ? Weights.FromBase64(w.GetString()!) : null;
        var loss = body.TryGetProperty("loss", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble() : double.NaN;
        return new SiteUpdate(columns, n, weights, loss);
    }

    private static string? Mismatch(SiteUpdate update, IReadOnlyList<string> columns, int parameters) =>
        !update.Columns.SequenceEqual(columns) ? $"its design columns ({string.Join(", ", update.Columns)}) differ from the others'"
        : update.Weights?.Length != parameters ? $"it sent {update.Weights?.Length ?? 0} weights, the model has {parameters}"
        : null;

    private static float[] Average(IReadOnlyList<SiteUpdate> updates, long n)
    {
        // Accumulated in double so the average does not depend on the order the sites answered in beyond rounding to float.
        var sum = new double[updates[0].Weights!.Length];
        foreach (var u in updates)
            for (var i = 0; i < sum.Length; i++) sum[i] += (double)u.N * u.Weights![i];
        return [.. sum.Select(s => (float)(s / n))];
    }

    private static IReadOnlyList<string> AgreedColumns(IReadOnlyList<SiteAnswer<SiteUpdate>> answers)
    {
        var answered = answers.Where(a => a.Answered && a.Value is not null).ToList();
        if (answered.Count == 0)
            throw new InvalidOperationException($"no site could take part in federated averaging: {string.Join("; ", answers.Select(a => a.ToString()))}");
        var columns = answered[0].Value!.Columns;
        var differing = answered.Where(a => !a.Value!.Columns.SequenceEqual(columns)).ToList();
        if (differing.Count > 0)
            throw new InvalidOperationException($"sites disagree on the design columns ({answered[0].Site}: {string.Join(", ", columns)}; "
                + string.Join("; ", differing.Select(d => $"{d.Site}: {string.Join(", ", d.Value!.Columns)}")) + "); a categorical covariate has different levels at different sites");
        return columns;
    }

    private JsonObject Body(JsonNode filter, IReadOnlyDictionary<string, (double Mean, double Sd)> scaling, float[]? weights, int round)
    {
        var body = new JsonObject
        {
            ["filter"] = filter.DeepClone(),
            ["outcome"] = Outcome,
            ["covariates"] = new JsonArray([.. Covariates.Select(c => (JsonNode)c)]),
            ["standardize"] = new JsonObject(scaling.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonObject { ["mean"] = s.Value.Mean, ["sd"] = s.Value.Sd }))),
            ["model"] = new JsonObject { ["hidden"] = new JsonArray([.. Hidden.Select(h => (JsonNode)h)]) },
            ["epochs"] = LocalEpochs,
            ["learningRate"] = LearningRate,
            ["batchSize"] = BatchSize,
            // Each round shuffles differently but reproducibly.
            ["seed"] = Seed * 1000 + round,
        };
        if (Positive is not null) body["positive"] = Positive;
        if (weights is not null) body["weights"] = Weights.ToBase64(weights);
        if (ClipNorm is { } clip) body["clipNorm"] = clip;
        if (NoiseMultiplier is { } noise) body["noiseMultiplier"] = noise;
        return body;
    }

    private async Task<IReadOnlyDictionary<string, (double Mean, double Sd)>> PooledScalingAsync(Analysis.Federation.Federation federation, JsonNode filter, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (double, double)>();
        foreach (var variable in Covariates.Where(NumericVariables.Contains))
        {
            var answers = await federation.AskAllAsync("api/v1/summary", new JsonObject { ["filter"] = filter.DeepClone(), ["variable"] = variable }, ReadSummary, cancellationToken)
                .ConfigureAwait(false);
            var parts = answers.Where(a => a.Answered && a.Value.N > 0).Select(a => a.Value).ToList();
            var n = parts.Sum(p => p.N);
            if (n == 0) throw new InvalidOperationException($"no site released a summary of {variable} to standardise it: {string.Join("; ", answers)}");
            var mean = parts.Sum(p => p.Sum) / n;
            var sd = Math.Sqrt(Math.Max(0, parts.Sum(p => p.SumOfSquares) / n - mean * mean));
            result[variable] = (mean, sd > 0 ? sd : 1);
        }
        return result;
    }

    private static (long N, double Sum, double SumOfSquares) ReadSummary(JsonElement body)
    {
        var n = UnexpectedAnswerException.Member(body, "n");
        // A suppressed count (a tiny cohort) contributes nothing to the pooled statistics.
        if (!n.TryGetProperty("value", out var value)) return (0, 0, 0);
        return (value.GetInt64(), UnexpectedAnswerException.Member(body, "sum").GetDouble(), UnexpectedAnswerException.Member(body, "sumOfSquares").GetDouble());
    }

    private static Standardizer Scales(IReadOnlyList<string> columns, IReadOnlyDictionary<string, (double Mean, double Sd)> scaling) =>
        new([.. columns.Select(c => scaling.TryGetValue(c, out var s) ? s.Mean : 0)], [.. columns.Select(c => scaling.TryGetValue(c, out var s) ? s.Sd : 1)]);
}
