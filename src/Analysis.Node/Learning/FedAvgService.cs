using Analysis.Contracts;
using Analysis.ML.Federated;
using Analysis.ML.Torch;
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
/// </remarks>
internal sealed class FedAvgService(QueryExecutor executor, DisclosurePolicy policy)
{
    private const int MaxLayers = 4;
    private const int MaxWidth = 1024;

    public FedAvgResult Train(FedAvgRequest request)
    {
        var hidden = Hidden(request.Model);
        CheckSettings(request);
        var outcome = DesignSpec.CategoricalSql(request.Outcome, "outcome")
            ?? throw RequestException.Invalid("outcome", $"outcome must be a categorical variable; use one of: {string.Join(", ", Variables.CategoricalNames)}");
        var positive = ModelService.PositiveLevel(executor, outcome, request.Outcome!, request.Positive);
        var design = DesignSpec.Parse(request.Covariates, intercept: false, executor, [request.Outcome!]);
        var scaling = Scaling(request, design.Columns);
        var filter = (request.Filter ?? new CohortFilter()).ToSql();
        var rows = design.Load(executor, filter, [outcome], $"{outcome} <> '{Variable.MissingLevel}'");
        var y = rows.Extra.Select(e => (string)e[0]! == positive).ToArray();
        ModelDisclosure.Check(policy, rows.N, design.Columns.Count + 1, rows.Factors, Factor.Binary($"the outcome {request.Outcome}", positive, "other", y));
        if (request.BatchSize > 0 && request.BatchSize < policy.MinSubsetSize && request.BatchSize < rows.N)
            throw RequestException.Refused($"batches of {request.BatchSize} patients are below the minimum subset size {policy.MinSubsetSize}; use batchSize 0 (full batch) or at least {policy.MinSubsetSize}");
        var parameters = ParameterCount(design.Columns.Count, hidden);
        if (request.Weights is null) return new FedAvgResult(design.Columns, rows.N, parameters, null, null);
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
        var update = Run(x, y, hidden, weights, request);
        return new FedAvgResult(design.Columns, rows.N, parameters, Weights.ToBase64(update.Weights), update.Loss);
    }

    // Kept apart so the torch types are only touched when a node actually trains.
    private LocalUpdateResult Run(double[][] x, bool[] y, IReadOnlyList<int> hidden, float[] weights, FedAvgRequest request) =>
        LocalUpdate.Run(x, y, hidden, weights, new LocalTraining(request.Epochs, request.LearningRate, request.BatchSize, request.Seed,
            policy.MinSubsetSize, request.ClipNorm, request.NoiseMultiplier));

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
