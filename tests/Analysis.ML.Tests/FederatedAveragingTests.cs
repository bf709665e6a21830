using System.Net;
using Analysis.Federation;
using Analysis.ML.Federated;
using Analysis.ML.Learning;
using Analysis.ML.Torch;
using Analysis.Stats;
using Analysis.Node.Tests;
using TorchSharp;

namespace Analysis.ML.Tests;

/// <summary>Three real nodes whose death risk rises with age and stage, so a model has something to find.</summary>
public sealed class LearningSites : IAsyncLifetime
{
    public static readonly string[] Names = ["oslo", "lyon", "porto"];
    public List<RunningNode> Nodes { get; } = [];

    public static List<FixturePatient> Patients(int count, int seed, string site)
    {
        var rng = new Random(seed * 7919);
        return [.. SiteFixture.Random(count, seed, site).Select(p =>
        {
            var stage = Array.IndexOf(["I", "II", "III", "IV"], p.Stage);
            var logit = -1.2 + 0.05 * (p.Age - 55) + 0.8 * stage;
            return p with { Deceased = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) };
        })];
    }

    public async Task InitializeAsync()
    {
        Peers.OneTorchThread();
        Nodes.Add(await RunningNode.StartAsync(Patients(260, 21, "oslo")));
        Nodes.Add(await RunningNode.StartAsync(Patients(180, 22, "lyon")));
        Nodes.Add(await RunningNode.StartAsync(Patients(140, 23, "porto")));
    }

    public Analysis.Federation.Federation Federation() =>
        new(Nodes.Select((n, i) => new Site(Names[i], "XX", n.Server.Address, RunningNode.AggregateToken, null, null)),
            new FederationOptions { SiteTimeout = TimeSpan.FromSeconds(60), MaxAttempts = 1 });

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}

public sealed class FederatedAveragingTests(LearningSites sites) : IClassFixture<LearningSites>
{
    private static readonly string[] Covariates = ["age_at_diagnosis", "sex", "stage_group"];

    /// <summary>The pooled rows built from the fixture patients themselves, standardised as the run was.</summary>
    private static (torch.Tensor X, torch.Tensor Y, bool[] Outcome) Pooled(IEnumerable<RunningNode> nodes, FederatedAveragingResult run)
    {
        var patients = nodes.SelectMany(n => n.Patients).ToList();
        var x = patients.SelectMany(p => run.Scaling.Apply(ModelReference.Row(p, run.Columns))).ToArray();
        var y = patients.Select(p => p.Deceased).ToArray();
        return (torch.tensor(x, [patients.Count, run.Columns.Count]), torch.tensor(y.Select(v => v ? 1f : 0f).ToArray(), [patients.Count, 1]), y);
    }

    [Fact]
    public async Task One_full_batch_epoch_per_round_equals_pooled_gradient_descent()
    {
        using var federation = sites.Federation();
        var rounds = new List<FederatedRound>();
        var run = await new FederatedAveraging { Outcome = "event", Covariates = Covariates, Hidden = [4], Rounds = 6, LocalEpochs = 1, BatchSize = 0, LearningRate = 0.5, Seed = 3 }
            .RunAsync(federation, new Reporter<FederatedRound>(rounds.Add));

        Assert.Equal(["age_at_diagnosis", "sex=male", "stage_group=II", "stage_group=III", "stage_group=IV"], run.Columns);
        Assert.Equal(6, rounds.Count);
        Assert.All(rounds, r => Assert.Equal(580, r.N));
        Assert.Empty(run.DegradedRounds);
        var (x, y, _) = Pooled(sites.Nodes, run);
        // The pooled mean and SD of age the client standardised with are those of the pooled patients.
        var ages = sites.Nodes.SelectMany(n => n.Patients).Select(p => (double)p.Age).ToList();
        Assert.Equal(ages.Average(), run.Scaling.Mean[0], 9);
        Assert.Equal(Math.Sqrt(ages.Average(a => Math.Pow(a - ages.Average(), 2))), run.Scaling.Scale[0], 9);

        using var pooled = TabularMlp.Create(run.Columns.Count, [4]);
        pooled.SetWeights(run.InitialWeights);
        using (var loss = NetworkTraining.Loss(OutputKind.Binary, pooled.forward(x), y))
            Assert.Equal(loss.item<float>(), rounds[0].Loss, 5);
        pooled.Fit(x, y, new TrainingOptions { Epochs = 6, BatchSize = 0, LearningRate = 0.5, Optimizer = OptimizerKind.Sgd, Device = Device.Cpu });

        var expected = pooled.GetWeights();
        var actual = run.Model.GetWeights();
        Assert.NotEqual(run.InitialWeights, actual);
        for (var i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"weight {i}: pooled {expected[i]}, federated {actual[i]}");
        Assert.Contains("round 6", run.ToString());
        Assert.Equal(6, run.ToFrame().RowCount);
    }

    [Fact]
    public async Task Multi_epoch_fedavg_reaches_the_auc_of_pooled_training()
    {
        using var federation = sites.Federation();
        var run = await new FederatedAveraging { Outcome = "event", Covariates = Covariates, Hidden = [8], Rounds = 30, LocalEpochs = 3, BatchSize = 32, LearningRate = 0.1, Seed = 1 }
            .RunAsync(federation);
        var (x, y, outcome) = Pooled(sites.Nodes, run);
        using var pooled = TabularMlp.Create(run.Columns.Count, [8]);
        pooled.SetWeights(run.InitialWeights);
        pooled.Fit(x, y, new TrainingOptions { Epochs = 90, BatchSize = 32, LearningRate = 0.1, Optimizer = OptimizerKind.Sgd, Device = Device.Cpu });
        var federatedAuc = BinaryMetrics.Compute(outcome, run.Model.PredictProbability(x)).Auc;
        var pooledAuc = BinaryMetrics.Compute(outcome, pooled.PredictProbability(x)).Auc;
        Assert.True(pooledAuc > 0.7, $"pooled AUC {pooledAuc}");
        Assert.True(Math.Abs(federatedAuc - pooledAuc) < 0.02, $"federated AUC {federatedAuc}, pooled {pooledAuc}");
        Assert.True(run.Rounds[^1].Loss < run.Rounds[0].Loss);
    }

    [Fact]
    public async Task A_site_down_mid_training_is_left_out_of_later_rounds_and_named()
    {
        var nodes = new List<RunningNode>
        {
            await RunningNode.StartAsync(LearningSites.Patients(150, 31, "oslo")),
            await RunningNode.StartAsync(LearningSites.Patients(120, 32, "lyon")),
            await RunningNode.StartAsync(LearningSites.Patients(100, 33, "porto")),
        };
        try
        {
            using var federation = new Analysis.Federation.Federation(
                nodes.Select((n, i) => new Site(LearningSites.Names[i], "XX", n.Server.Address, RunningNode.AggregateToken, null, null)),
                new FederationOptions { SiteTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 1 });
            var run = await new FederatedAveraging { Outcome = "event", Covariates = Covariates, Hidden = [4], Rounds = 4 }
                .RunAsync(federation, new Reporter<FederatedRound>(r =>
                {
                    if (r.Round == 2) nodes[2].Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }));
            Assert.Equal([370, 370, 270, 270], run.Rounds.Select(r => r.N));
            Assert.Equal([3, 4], run.DegradedRounds.Select(r => r.Round));
            var failed = run.Rounds[2].Failed.Single();
            Assert.Equal("porto", failed.Site);
            Assert.False(string.IsNullOrEmpty(failed.Failure));
            Assert.Contains("porto failed", run.Rounds[3].ToString());
            Assert.Contains("averaged without a failed site", run.ToString());
            Assert.All(run.Model.GetWeights(), w => Assert.True(float.IsFinite(w)));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private static object Body(object? weights = null, int batchSize = 0, double? clip = null, double? noise = null, int[]? hidden = null) => new
    {
        outcome = "event", covariates = Covariates, model = new { hidden = hidden ?? [2] }, weights, epochs = 1, learningRate = 0.1, batchSize, seed = 1,
        clipNorm = clip, noiseMultiplier = noise,
    };

    [Fact]
    public async Task Node_refuses_bad_or_disclosive_requests_with_the_field_or_reason_and_audits_them()
    {
        var node = sites.Nodes[0];
        var (tiny, tinyBody) = await node.PostAsync("api/v1/ml/fedavg", Body(batchSize: 3));
        Assert.Equal((HttpStatusCode)422, tiny.StatusCode);
        Assert.Contains("below the minimum subset size", tinyBody.GetProperty("detail").GetString());

        var (describe, description) = await node.PostAsync("api/v1/ml/fedavg", Body());
        Assert.Equal(HttpStatusCode.OK, describe.StatusCode);
        Assert.Equal(260, description.GetProperty("n").GetInt64());
        var parameters = description.GetProperty("parameters").GetInt32();
        Assert.Equal(5 * 2 + 2 + 2 + 1, parameters);

        var (length, lengthBody) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: Weights.ToBase64(new float[7])));
        Assert.Equal(HttpStatusCode.BadRequest, length.StatusCode);
        Assert.Equal("weights", lengthBody.GetProperty("field").GetString());
        Assert.Contains($"weights has 7 floats but a network with 5 inputs and hidden [2] has {parameters} parameters", lengthBody.GetProperty("detail").GetString());

        var (garbage, garbageBody) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: "%%%"));
        Assert.Equal("weights", garbageBody.GetProperty("field").GetString());
        var (noise, noiseBody) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: Weights.ToBase64(new float[parameters]), noise: 1.0));
        Assert.Equal("noiseMultiplier", noiseBody.GetProperty("field").GetString());
        var (deep, deepBody) = await node.PostAsync("api/v1/ml/fedavg", Body(hidden: [2, 2, 2, 2, 2]));
        Assert.Equal("model.hidden", deepBody.GetProperty("field").GetString());
        Assert.All([garbage, noise, deep], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));

        var audit = await File.ReadAllTextAsync(Path.Combine(node.Directory, Analysis.Node.Http.AuditLog.FileName));
        Assert.Contains("/api/v1/ml/fedavg", audit);
        Assert.Contains("below the minimum subset size", audit);
    }

    [Fact]
    public async Task Clipping_bounds_the_update_and_noise_comes_from_the_node_not_the_seed()
    {
        var node = sites.Nodes[1];
        using var model = TabularMlp.Create(5, [2], seed: 9);
        var sent = model.GetWeights();
        async Task<float[]> Round(double clip, double? noise)
        {
            var (response, body) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: Weights.ToBase64(sent), clip: clip, noise: noise));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Weights.FromBase64(body.GetProperty("weights").GetString()!);
        }
        double Norm(float[] w) => Math.Sqrt(w.Zip(sent).Sum(p => Math.Pow(p.First - p.Second, 2)));
        var clipped = await Round(0.01, null);
        Assert.InRange(Norm(clipped), 0.0099, 0.0100001);
        var first = await Round(0.01, 1.0);
        var second = await Round(0.01, 1.0);
        Assert.NotEqual(first, second);
        Assert.True(Norm(first) > 0.02, $"noise of SD 0.01 on {sent.Length} weights should move them further than the clip bound: {Norm(first)}");
    }
}

internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
