using Analysis.Contracts;
using Analysis.ML.Federated;
using Analysis.ML.Torch;
using Analysis.Node.Disclosure;
using Analysis.Node.Models;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;

namespace Analysis.Node.Learning;

/// <summary>Trains a federated-averaging round on the site's cohort, after disclosure control.</summary>
/// <remarks>
/// Disclosure rules for a neural network (documented in <c>src/Analysis.Node/Learning/README.md</c>): the model checks
/// of the GLM endpoints apply with the network's input layer as the model (design columns plus one for the bias
/// against <c>maxGlmParametersPerN</c>, the cohort against <c>minSubsetSize</c>, every categorical cell, outcome
/// included, against <c>minCellCount</c>); every local gradient step averages at least <c>minSubsetSize</c> patients
/// (batch size 0 or at least that, and a short last batch joins the one before), so no step's gradient is one
/// patient's. Clipping and noise are optional on top. libtorch is loaded on the first training request, not before.
/// <para>Protected mode (docs/privacy.md) adds: standardisation by the node's fixed reference scales (a client's
/// <c>standardize</c> is refused), DP-SGD with the policy's clipping and noise (a client's <c>clipNorm</c> and
/// <c>noiseMultiplier</c> are refused), a hidden unit that fewer than <c>minSubsetSize</c> patients (but some)
/// activate is silenced (trained as a dead unit, <see cref="ActiveUnits"/>), the cohort ledger, a perturbed n, no loss, and the privacy budget. Both modes stop training after
/// the policy's <c>maxTrainingSeconds</c>.</para>
/// </remarks>
internal sealed class FedAvgService(QueryExecutor executor, DisclosurePolicy policy, ICohortAdmission? ledger = null, PrivacyAccountant? privacy = null)
{
    private const int MaxLayers = 4;
    private const int MaxWidth = 1024;

    /// <summary>One round for an anonymous caller in the site-wide study (tests and tools; the server passes the user).</summary>
    public FedAvgResult Train(FedAvgRequest request) => Train(request, "", Configuration.TokenGrant.SiteStudy, CancellationToken.None);

    /// <summary>Trains one round.</summary>
    /// <param name="request">The request.</param>
    /// <param name="user">Who trains (privacy budget per user).</param>
    /// <param name="study">The user's study (privacy budget per study).</param>
    /// <param name="aborted">The client went away.</param>
    /// <exception cref="RequestException">Bad input (400 naming the field), refused (422), or over the time limit.</exception>
    public FedAvgResult Train(FedAvgRequest request, string user, string study, CancellationToken aborted)
    {
        var hidden = Hidden(request.Model);
        CheckSettings(request);
        if (!policy.IsExact)
        {
            foreach (var (name, given) in request.Standardize ?? new Dictionary<string, Standardization>())
                if (!ReferenceScales.Numeric.TryGetValue(name, out var own) || own.Mean != given.Mean || own.Sd != given.Sd)
                    throw RequestException.Invalid($"standardize.{name}",
                        "this site standardises numeric covariates itself with the fixed reference scales (protected mode); omit standardize or send those");
            if (request.ClipNorm is not null)
                throw RequestException.Invalid("clipNorm", $"this site clips every patient's gradient to its own policy's norm ({policy.Learning.ClipNorm:g}); omit clipNorm");
            if (request.NoiseMultiplier is not null)
                throw RequestException.Invalid("noiseMultiplier", $"this site adds its own policy's noise (multiplier {policy.Learning.NoiseMultiplier:g}); omit noiseMultiplier");
            new ModelProtection(policy, null, null).CheckCovariates(request.Covariates);
        }
        var outcome = DesignSpec.CategoricalSql(request.Outcome, "outcome")
            ?? throw RequestException.Invalid("outcome", $"outcome must be a categorical variable; use one of: {string.Join(", ", Variables.CategoricalNames)}");
        var positive = ModelService.PositiveLevel(executor, outcome, request.Outcome!, request.Positive);
        var design = DesignSpec.Parse(request.Covariates, intercept: false, executor, [request.Outcome!]);
        var scaling = policy.IsExact ? Scaling(request, design.Columns) : [.. design.Columns.Select(c => ReferenceScales.Numeric.TryGetValue(c, out var s) ? (s.Mean, s.Sd) : (0.0, 1.0))];
        var filter = (request.Filter ?? new CohortFilter()).ToSql();
        var rows = design.Load(executor, filter, [.. ModelProtection.KeyColumns, outcome], $"{outcome} <> '{Variable.MissingLevel}'");
        var first = ModelProtection.KeyColumns.Count;
        var y = rows.Extra.Select(e => (string)e[first]! == positive).ToArray();
        ModelDisclosure.Check(policy, rows.N, design.Columns.Count + 1, rows.Factors, Factor.Binary($"the outcome {request.Outcome}", positive, "other", y));
        if (request.BatchSize > 0 && request.BatchSize < policy.MinSubsetSize && request.BatchSize < rows.N)
            throw RequestException.Refused($"batches of {request.BatchSize} patients are below the minimum subset size {policy.MinSubsetSize}; use batchSize 0 (full batch) or at least {policy.MinSubsetSize}");
        var parameters = ParameterCount(design.Columns.Count, hidden);
        var n = policy.IsExact ? rows.N : policy.Release(rows.N, ModelProtection.CohortKey(rows), CellKind.Count).Value ?? 0;
        if (!policy.IsExact) ledger?.Admit(ModelProtection.CohortKey(rows), [.. rows.Extra.Select(e => Convert.ToInt32(e[1]))], "the training cohort");
        if (request.Weights is null) return new FedAvgResult(design.Columns, n, parameters, null, null) { Privacy = privacy?.Current(user, study) };
        float[] weights;
        try
        {
            weights = Weights.FromBase64(request.Weights);
        }
        catch (FormatException e)
        {
            throw RequestException.Invalid("weights", e.Message);
        }
        if (weights.Length != parameters)
            throw RequestException.Invalid("weights", $"weights has {weights.Length} floats but a network with {design.Columns.Count} inputs and hidden [{string.Join(", ", hidden)}] has {parameters} parameters");
        var x = rows.X.Select(r => Standardise(r, scaling)).ToArray();
        if (policy.IsExact)
        {
            var exact = Bounded(aborted, null, token => Run(x, y, hidden, weights, request, token));
            return new FedAvgResult(design.Columns, n, parameters, Weights.ToBase64(exact.Weights), exact.Loss);
        }
        // Units live for a few patients are silenced (trained as dead ones), never refused: a refusal would tell whether
        // a crafted half-space holds 1 to 9 patients or none.
        var (start, silenced) = ActiveUnits.Silence(x, hidden, weights, policy.MinSubsetSize);
        var learning = policy.Learning;
        var training = new Analysis.ML.Federated.PrivateTraining(request.Epochs, request.LearningRate,
            request.BatchSize == 0 ? 1 : Math.Min(1, request.BatchSize / (double)rows.N), learning.ClipNorm, learning.NoiseMultiplier);
        var rdp = PrivacyAccountant.Rdp(training.SamplingRate, training.NoiseMultiplier, training.Steps);
        var budget = privacy?.Charge(user, study, rdp);
        var update = Bounded(aborted, () => privacy?.Refund(user, study, rdp), token => RunPrivate(x, y, hidden, start, training, token));
        var released = ActiveUnits.Release(weights, update.Weights, silenced, training, x.Length);
        // No loss: the mean loss of weights the client chose is another sum it could aim at one patient.
        return new FedAvgResult(design.Columns, n, parameters, Weights.ToBase64(released), null) { Privacy = budget };
    }

    /// <summary>Runs <paramref name="train"/> under the policy's time limit; a timed-out or aborted run releases nothing (and <paramref name="undo"/> runs).</summary>
    private LocalUpdateResult Bounded(CancellationToken aborted, Action? undo, Func<CancellationToken, LocalUpdateResult> train)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        limit.CancelAfter(TimeSpan.FromSeconds(policy.Learning.MaxTrainingSeconds));
        try
        {
            return train(limit.Token);
        }
        catch (OperationCanceledException)
        {
            undo?.Invoke();
            throw new RequestException(422, "training-time-limit", "Training time limit",
                $"training stopped after the site's limit of {policy.Learning.MaxTrainingSeconds} s (learning.maxTrainingSeconds) and nothing was released; " +
                "ask for fewer epochs, a smaller network or a smaller cohort");
        }
        catch
        {
            undo?.Invoke();
            throw;
        }
    }

    // Kept apart so the torch types are only touched when a node actually trains.
    private static LocalUpdateResult RunPrivate(double[][] x, bool[] y, IReadOnlyList<int> hidden, float[] weights, Analysis.ML.Federated.PrivateTraining training,
        CancellationToken token) => Analysis.ML.Federated.PrivateUpdate.Run(x, y, hidden, weights, training, token);

    // Kept apart so the torch types are only touched when a node actually trains.
    private LocalUpdateResult Run(double[][] x, bool[] y, IReadOnlyList<int> hidden, float[] weights, FedAvgRequest request, CancellationToken token) =>
        LocalUpdate.Run(x, y, hidden, weights, new LocalTraining(request.Epochs, request.LearningRate, request.BatchSize, request.Seed,
            policy.MinSubsetSize, request.ClipNorm, request.NoiseMultiplier), token);

    private static long ParameterCount(int inputs, IReadOnlyList<int> hidden)
    {
        long count = 0, width = inputs;
        foreach (var h in hidden.Append(1))
        {
            count += width * h + h;
            width = h;
        }
        return count;
    }

    private static IReadOnlyList<int> Hidden(FedAvgModel? model)
    {
        var hidden = model?.Hidden ?? [];
        if (hidden.Count > MaxLayers) throw RequestException.Invalid("model.hidden", $"at most {MaxLayers} hidden layers, not {hidden.Count}");
        for (var i = 0; i < hidden.Count; i++)
            if (hidden[i] is < 1 or > MaxWidth) throw RequestException.Invalid($"model.hidden[{i}]", $"layer widths must be between 1 and {MaxWidth}, not {hidden[i]}");
        return hidden;
    }

    private static void CheckSettings(FedAvgRequest r)
    {
        if (r.Epochs is < 1 or > 100) throw RequestException.Invalid("epochs", $"epochs must be between 1 and 100, not {r.Epochs}");
        if (!double.IsFinite(r.LearningRate) || r.LearningRate <= 0 || r.LearningRate > 10) throw RequestException.Invalid("learningRate", $"learningRate must be in (0, 10], not {r.LearningRate}");
        if (r.BatchSize < 0) throw RequestException.Invalid("batchSize", $"batchSize must be 0 (full batch) or positive, not {r.BatchSize}");
        if (r.ClipNorm is { } clip && (!double.IsFinite(clip) || clip <= 0)) throw RequestException.Invalid("clipNorm", $"clipNorm must be a positive number, not {clip}");
        if (r.NoiseMultiplier is { } noise)
        {
            if (!double.IsFinite(noise) || noise < 0) throw RequestException.Invalid("noiseMultiplier", $"noiseMultiplier must be a non-negative number, not {noise}");
            if (r.ClipNorm is null) throw RequestException.Invalid("noiseMultiplier", "noiseMultiplier needs clipNorm: the noise is scaled to the clipping bound");
        }
    }

    private static (double Mean, double Sd)[] Scaling(FedAvgRequest request, IReadOnlyList<string> columns)
    {
        var given = request.Standardize ?? new Dictionary<string, Standardization>();
        foreach (var (name, s) in given)
        {
            if (!columns.Contains(name) || !Variables.IsNumeric(name))
                throw RequestException.Invalid($"standardize.{name}", $"'{name}' is not a numeric covariate of this model");
            if (!double.IsFinite(s.Mean) || !double.IsFinite(s.Sd) || s.Sd <= 0)
                throw RequestException.Invalid($"standardize.{name}", "mean must be finite and sd a positive number");
        }
        return [.. columns.Select(c => given.TryGetValue(c, out var s) ? (s.Mean, s.Sd) : (0.0, 1.0))];
    }

    private static double[] Standardise(double[] row, (double Mean, double Sd)[] scaling)
    {
        var result = new double[row.Length];
        for (var j = 0; j < row.Length; j++) result[j] = (row[j] - scaling[j].Mean) / scaling[j].Sd;
        return result;
    }
}
