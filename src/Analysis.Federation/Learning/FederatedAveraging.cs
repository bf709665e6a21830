using System.Diagnostics;
using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>
/// Federated averaging (FedAvg) of a binary multilayer perceptron across site nodes: each round every site trains the
/// global weights on its own patients (<c>POST /api/v1/ml/fedavg</c>) and the client averages the answers weighted by
/// the sites' patient counts. The client only averages float arrays; the sites do the training.
/// </summary>
/// <remarks>
/// Numeric covariates are standardised with the pooled mean and SD computed first from the sites' <c>/summary</c>
/// answers (n, sum and sum of squares over the cohort). A site that fails in a round is left out of that round's
/// average and named in the round's result; the others carry on. With one local epoch of full-batch SGD the run is
/// exactly centralised full-batch gradient descent on the pooled rows.
/// </remarks>
public static class FederatedAveraging
{
    /// <summary>Trains a network on the cohort's patients at every site of its federation, by federated averaging.</summary>
    /// <param name="cohort">The patients (from <c>fed.Cohort()</c>).</param>
    /// <param name="options">The outcome, covariates, network shape, rounds and local training.</param>
    /// <param name="progress">Gets each round as it ends.</param>
    /// <param name="cancellationToken">Stops every request.</param>
    /// <example><code>
    /// var net = await fed.Cohort().TrainAsync(new NetworkOptions { Outcome = Variable.Event, Covariates = [Variable.AgeAtDiagnosis, Variable.StageGroup], Rounds = 20 });
    /// net.Result.ToFrame()
    /// </code></example>
    /// <exception cref="ArgumentException">The options are invalid (a variable of the wrong kind, no covariate, a size out of range).</exception>
    /// <exception cref="InvalidOperationException">The cohort is not bound to a federation, or no site could take part, or sites disagree on the design columns.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<Federated<TrainedNetwork>> TrainAsync(this Cohort cohort, NetworkOptions options, IProgress<FederatedRound>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var federation = cohort.RequireFederation();
        var clock = Stopwatch.StartNew();
        var filter = cohort.ToFilter();
        var request = new FedAvgRequest
        {
            Filter = filter,
            Outcome = options.Outcome.Name,
            Positive = options.Positive,
            Covariates = Variables.Names(options.Covariates),
            Model = new FedAvgModel { Hidden = options.Hidden },
            Epochs = options.LocalEpochs,
            LearningRate = options.LearningRate,
            BatchSize = options.BatchSize,
        };
        // Without weights each node only describes the design, so the client can build the network. A protected site
        // says so by reporting its privacy budget: it standardises with the reference scales and clips and noises by its
        // own policy, so every site then gets the reference scales (one model) and no client clipping or noise.
        var describe = await federation.AskAllAsync(NodeEndpoints.FedAvg, request with { Seed = RoundSeed(options, 0) }, cancellationToken).ConfigureAwait(false);
        var columns = AgreedColumns(describe);
        var protectedSites = describe.Where(a => a.Value?.Privacy is not null).Select(a => a.Site).ToList();
        IReadOnlyDictionary<string, Standardization> scaling = protectedSites.Count > 0
            ? options.Covariates.Where(c => c.Kind == VariableKind.Numeric && ReferenceScales.Numeric.ContainsKey(c.Name)).ToDictionary(c => c.Name, c => ReferenceScales.Numeric[c.Name])
            : await PooledScalingAsync(federation, filter, options, cancellationToken).ConfigureAwait(false);
        request = protectedSites.Count > 0
            ? request with { Standardize = scaling }
            : request with { Standardize = scaling, ClipNorm = options.ClipNorm, NoiseMultiplier = options.NoiseMultiplier };
        RandomSeeds.Note("federated averaging (initial weights; round r's local training uses seed*1000+r)", options.Seed);
        var initial = InitialWeights.Draw(columns.Count, options.Hidden, options.Seed);
        var weights = initial;
        var rounds = new List<FederatedRound>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var answers = await federation.AskAllAsync(NodeEndpoints.FedAvg,
                request with { Weights = FedAvgWeights.ToBase64(weights), Seed = RoundSeed(options, round) }, cancellationToken).ConfigureAwait(false);
            var updates = answers.Select(a => Update(a, columns, weights.Length)).ToList();
            var sites = updates.Select(u => u.Round).ToList();
            var good = updates.Where(u => u.Weights is not null).ToList();
            var n = good.Sum(u => u.Round.N);
            if (n > 0) weights = Average(good, n);
            // A protected site sends no loss (NaN here); the round's loss is then over the sites that did.
            var lossy = good.Where(u => !double.IsNaN(u.Round.Loss)).ToList();
            var lossN = lossy.Sum(u => u.Round.N);
            var report = new FederatedRound(round, lossN > 0 ? lossy.Sum(u => u.Round.Loss * u.Round.N) / lossN : double.NaN, n, sites, clock.Elapsed);
            rounds.Add(report);
            progress?.Report(report);
        }
        var network = new TrainedNetwork(columns, options.Hidden, [.. columns.Select(c => scaling.TryGetValue(c, out var s) ? s : new Standardization { Mean = 0, Sd = 1 })],
            initial, weights, rounds);
        var caveats = Caveats(rounds).ToList();
        if (protectedSites.Count > 0)
        {
            caveats.Add($"{string.Join(", ", protectedSites)} train with differential privacy (DP-SGD: each patient's gradient clipped and Gaussian noise added by the site's policy), " +
                        "so the network is not the one pooled training would give");
            foreach (var site in protectedSites)
                if (rounds.Select(r => r.Sites.First(s => s.Site == site).Privacy).LastOrDefault(p => p is not null) is { } budget)
                    caveats.Add($"{site}: privacy budget spent ε = {budget.UserEpsilon:0.###} (δ = {budget.Delta:g}) for this user, {budget.UserRemaining:0.###} left; study {budget.StudyEpsilon:0.###} spent, {budget.StudyRemaining:0.###} left");
        }
        return new Federated<TrainedNetwork>(network, Contributions(federation, describe, rounds), caveats);
    }

    // Each round shuffles differently but reproducibly.
    private static int RoundSeed(NetworkOptions options, int round) => options.Seed * 1000 + round;

    /// <summary>A site's answer in a round: its part, and its weights when they can be averaged.</summary>
    private static (SiteRound Round, float[]? Weights) Update(SiteAnswer<FedAvgResult> answer, IReadOnlyList<string> columns, int parameters)
    {
        if (answer.Value is not { } result) return (new SiteRound(answer.Site, 0, double.NaN, answer.Failure), null);
        float[]? weights = null;
        string? problem;
        try
        {
            weights = result.Weights is { } text ? FedAvgWeights.FromBase64(text) : null;
            problem = !result.Columns.SequenceEqual(columns) ? $"its design columns ({string.Join(", ", result.Columns)}) differ from the others'"
                : weights?.Length != parameters ? $"it sent {weights?.Length ?? 0} weights, the model has {parameters}"
                : null;
        }
        catch (FormatException e)
        {
            problem = $"unexpected answer: {e.Message}";
        }
        return problem is null
            ? (new SiteRound(answer.Site, result.N, result.Loss ?? double.NaN, null, result.Privacy), weights)
            : (new SiteRound(answer.Site, 0, double.NaN, problem), null);
    }

    private static float[] Average(IReadOnlyList<(SiteRound Round, float[]? Weights)> updates, long n)
    {
        // Accumulated in double so the average does not depend on the order the sites answered in beyond rounding to float.
        var sum = new double[updates[0].Weights!.Length];
        foreach (var (round, weights) in updates)
            for (var i = 0; i < sum.Length; i++) sum[i] += (double)round.N * weights![i];
        return [.. sum.Select(s => (float)(s / n))];
    }

    private static IReadOnlyList<string> AgreedColumns(IReadOnlyList<SiteAnswer<FedAvgResult>> answers)
    {
        var answered = answers.Where(a => a.Answered).ToList();
        if (answered.Count == 0)
            throw new InvalidOperationException($"no site could take part in federated averaging: {string.Join("; ", answers.Select(a => a.ToString()))}");
        var columns = answered[0].Value!.Columns;
        var differing = answered.Where(a => !a.Value!.Columns.SequenceEqual(columns)).ToList();
        if (differing.Count > 0)
            throw new InvalidOperationException($"sites disagree on the design columns ({answered[0].Site}: {string.Join(", ", columns)}; "
                + string.Join("; ", differing.Select(d => $"{d.Site}: {string.Join(", ", d.Value!.Columns)}")) + "); a categorical covariate has different levels at different sites");
        return columns;
    }

    /// <summary>Per numeric covariate, the pooled mean and SD from the sites' n, sum and sum of squares.</summary>
    private static async Task<IReadOnlyDictionary<string, Standardization>> PooledScalingAsync(FederationClient federation, CohortFilter filter, NetworkOptions options,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Standardization>();
        foreach (var variable in options.Covariates.Where(c => c.Kind == VariableKind.Numeric))
        {
            var answers = await federation.AskAllAsync(NodeEndpoints.Summary, new SummaryRequest { Filter = filter, Variable = variable.Name }, cancellationToken)
                .ConfigureAwait(false);
            // A suppressed count (a tiny cohort) contributes nothing to the pooled statistics.
            var parts = answers.Select(a => a.Value).Where(v => v is { N.Value: > 0, Sum: not null, SumOfSquares: not null }).ToList();
            var n = parts.Sum(p => p!.N.ValueOrZero);
            if (n == 0) throw new InvalidOperationException($"no site released a summary of {variable} to standardise it: {string.Join("; ", answers)}");
            var mean = parts.Sum(p => p!.Sum!.Value) / n;
            var sd = Math.Sqrt(Math.Max(0, parts.Sum(p => p!.SumOfSquares!.Value) / n - mean * mean));
            result[variable.Name] = new Standardization { Mean = mean, Sd = sd > 0 ? sd : 1 };
        }
        return result;
    }

    private static IReadOnlyList<SiteContribution> Contributions(FederationClient federation, IReadOnlyList<SiteAnswer<FedAvgResult>> describe, IReadOnlyList<FederatedRound> rounds) =>
        [.. federation.Sites.Select(site =>
        {
            var parts = rounds.Select(r => r.Sites.First(s => s.Site == site.Name)).ToList();
            var took = parts.Where(p => p.Failure is null).ToList();
            return took.Count > 0
                ? new SiteContribution(site.Name, true, took[^1].N, null)
                : new SiteContribution(site.Name, false, null, parts.FirstOrDefault()?.Failure ?? describe.First(d => d.Site == site.Name).Failure);
        })];

    private static IReadOnlyList<string> Caveats(IReadOnlyList<FederatedRound> rounds) =>
        [.. rounds.SelectMany(r => r.Failed.Select(f => (r.Round, f.Site))).GroupBy(f => f.Site)
            .Select(g => $"{g.Key} gave no update in round{(g.Count() == 1 ? "" : "s")} {string.Join(", ", g.Select(f => f.Round))}: averaged without it there")];
}
