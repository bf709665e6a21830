using Analysis.Federation;
using Analysis.ML.Learning;
using Analysis.ML.Torch;

namespace Analysis.ML.Federated;

/// <summary>A network trained by federated averaging (<c>cohort.TrainAsync</c>) as a TorchSharp model, to predict with or keep training.</summary>
public static class TrainedNetworkModels
{
    /// <summary>The trained network as a <see cref="TabularMlp"/> holding its weights.</summary>
    /// <example><code>
    /// var net = await fed.Cohort().TrainAsync(new NetworkOptions { Outcome = Variable.Event, Covariates = [Variable.AgeAtDiagnosis, Variable.StageGroup] });
    /// using var model = net.Result.ToTabularMlp();
    /// </code></example>
    public static TabularMlp ToTabularMlp(this TrainedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var model = TabularMlp.Create(network.Columns.Count, network.Hidden);
        model.SetWeights(network.Weights);
        return model;
    }

    /// <summary>The pooled scaling the network's inputs were standardised with, to standardise new rows the same way.</summary>
    public static Standardizer Standardizer(this TrainedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new([.. network.Scaling.Select(s => s.Mean)], [.. network.Scaling.Select(s => s.Sd)]);
    }
}
