using Analysis.Stats;
using Analysis.ML.Federated;
using Analysis.ML.Learning;
using Analysis.ML.Torch;
using Analysis.Node.Tests;
using TorchSharp;

namespace Analysis.Federation.Tests;

/// <summary><c>cohort.TrainAsync</c> against TorchSharp training on the pooled rows, started from the same initial weights.</summary>
public sealed class FederatedAveragingTests(LearningSites sites) : IClassFixture<LearningSites>
{
    private static readonly Variable[] Covariates = [Variable.AgeAtDiagnosis, Variable.Sex, Variable.StageGroup];

    /// <summary>A fixture patient's design row: age as it is, a 0/1 dummy per <c>variable=level</c> column.</summary>
    private static double[] Row(FixturePatient p, IEnumerable<string> columns) => [.. columns.Select(column => column.Split('=') switch
    {
        ["age_at_diagnosis"] => p.Age,
        ["sex", var level] => p.Sex == level ? 1.0 : 0.0,
        ["stage_group", var level] => p.Stage == level ? 1.0 : 0.0,
        _ => throw new ArgumentException($"the test builds no column '{column}'"),
    })];

    /// <summary>The pooled rows built from the fixture patients themselves, standardised as the run was.</summary>
    private static (torch.Tensor X, torch.Tensor Y, bool[] Outcome) Pooled(IEnumerable<RunningNode> nodes, TrainedNetwork network)
    {
        var patients = nodes.SelectMany(n => n.Patients).ToList();
        var scaling = network.Standardizer();
        var x = patients.SelectMany(p => scaling.Apply(Row(p, network.Columns))).ToArray();
        var y = patients.Select(p => p.Deceased).ToArray();
        return (torch.tensor(x, [patients.Count, network.Columns.Count]), torch.tensor(y.Select(v => v ? 1f : 0f).ToArray(), [patients.Count, 1]), y);
    }

    [Fact]
    public async Task One_full_batch_epoch_per_round_equals_pooled_gradient_descent()
    {
        using var federation = sites.Federation();
        var rounds = new List<FederatedRound>();
        var run = await federation.Cohort().TrainAsync(
            new NetworkOptions { Outcome = Variable.Event, Covariates = Covariates, Hidden = [4], Rounds = 6, LocalEpochs = 1, BatchSize = 0, LearningRate = 0.5, Seed = 3 },
            new Reporter<FederatedRound>(rounds.Add));
        TrainedNetwork network = run;

        Assert.Equal(["age_at_diagnosis", "sex=male", "stage_group=II", "stage_group=III", "stage_group=IV"], network.Columns);
        Assert.Equal(6, rounds.Count);
        Assert.All(rounds, r => Assert.Equal(580, r.N));
        Assert.Empty(network.DegradedRounds);
        Assert.True(run.IsExact);
        Assert.Equal([260L, 180L, 140L], run.Sites.Select(s => s.Patients!.Value));
        var (x, y, _) = Pooled(sites.Nodes, network);
        // The pooled mean and SD of age the client standardised with are those of the pooled patients.
        var ages = sites.Nodes.SelectMany(n => n.Patients).Select(p => (double)p.Age).ToList();
        Assert.Equal(ages.Average(), network.Scaling[0].Mean, 9);
        Assert.Equal(Math.Sqrt(ages.Average(a => Math.Pow(a - ages.Average(), 2))), network.Scaling[0].Sd, 9);
        Assert.Equal(new Standardization { Mean = 0, Sd = 1 }, network.Scaling[1]);

        using var pooled = TabularMlp.Create(network.Columns.Count, [4]);
        pooled.SetWeights(network.InitialWeights);
        using (var loss = NetworkTraining.Loss(OutputKind.Binary, pooled.forward(x), y))
            Assert.Equal(loss.item<float>(), rounds[0].Loss, 5);
        pooled.Fit(x, y, new TrainingOptions { Epochs = 6, BatchSize = 0, LearningRate = 0.5, Optimizer = OptimizerKind.Sgd, Device = Device.Cpu });

        var expected = pooled.GetWeights();
        using var trained = network.ToTabularMlp();
        var actual = trained.GetWeights();
        Assert.Equal(network.Weights, actual);
        Assert.NotEqual(network.InitialWeights, actual);
        for (var i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"weight {i}: pooled {expected[i]}, federated {actual[i]}");
        Assert.Contains("round 6", network.ToString());
        Assert.Equal(6, network.ToFrame().RowCount);
        Assert.Equal(6, run.ToArrow().Length);
    }

    [Fact]
    public async Task Multi_epoch_fedavg_reaches_the_auc_of_pooled_training()
    {
        using var federation = sites.Federation();
        var run = await federation.Cohort().TrainAsync(
            new NetworkOptions { Outcome = Variable.Event, Covariates = Covariates, Hidden = [8], Rounds = 30, LocalEpochs = 3, BatchSize = 32, LearningRate = 0.1, Seed = 1 });
        var (x, y, outcome) = Pooled(sites.Nodes, run.Result);
        using var pooled = TabularMlp.Create(run.Result.Columns.Count, [8]);
        pooled.SetWeights(run.Result.InitialWeights);
        pooled.Fit(x, y, new TrainingOptions { Epochs = 90, BatchSize = 32, LearningRate = 0.1, Optimizer = OptimizerKind.Sgd, Device = Device.Cpu });
        using var model = run.Result.ToTabularMlp();
        var federatedAuc = BinaryMetrics.Compute(outcome, model.PredictProbability(x)).Auc;
        var pooledAuc = BinaryMetrics.Compute(outcome, pooled.PredictProbability(x)).Auc;
        Assert.True(pooledAuc > 0.7, $"pooled AUC {pooledAuc}");
        Assert.True(Math.Abs(federatedAuc - pooledAuc) < 0.02, $"federated AUC {federatedAuc}, pooled {pooledAuc}");
        Assert.True(run.Result.Rounds[^1].Loss < run.Result.Rounds[0].Loss);
    }

    [Fact]
    public async Task A_site_down_mid_training_is_left_out_of_later_rounds_and_named()
    {
        var nodes = new List<RunningNode>
        {
            await RunningNode.StartAsync(LearningSites.Patients(150, 31, "oslo"), RunningNode.ExactConfig()),
            await RunningNode.StartAsync(LearningSites.Patients(120, 32, "lyon"), RunningNode.ExactConfig()),
            await RunningNode.StartAsync(LearningSites.Patients(100, 33, "porto"), RunningNode.ExactConfig()),
        };
        try
        {
            using var federation = new FederationClient(
                nodes.Select((n, i) => new Site(LearningSites.Names[i], "XX", n.Server.Address, RunningNode.AggregateToken, null, null)),
                new FederationOptions { SiteTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 1 });
            var run = await federation.Cohort().TrainAsync(new NetworkOptions { Outcome = Variable.Event, Covariates = Covariates, Hidden = [4], Rounds = 4 },
                new Reporter<FederatedRound>(r =>
                {
                    if (r.Round == 2) nodes[2].Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }));
            var network = run.Result;
            Assert.Equal([370, 370, 270, 270], network.Rounds.Select(r => r.N));
            Assert.Equal([3, 4], network.DegradedRounds.Select(r => r.Round));
            var failed = network.Rounds[2].Failed.Single();
            Assert.Equal("porto", failed.Site);
            Assert.False(string.IsNullOrEmpty(failed.Failure));
            Assert.Contains("porto failed", network.Rounds[3].ToString());
            Assert.Contains("averaged without a failed site", network.ToString());
            Assert.Equal("porto gave no update in rounds 3, 4: averaged without it there", Assert.Single(run.Caveats));
            Assert.False(run.IsExact);
            Assert.All(network.Weights, w => Assert.True(float.IsFinite(w)));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Bad_options_and_typos_fail_before_any_request()
    {
        await using var site = FakeSite.Answering(500, "text/plain", "no request should reach a site");
        using var federation = new FederationClient([ThreeSites.Site("fake", site.Url)], new FederationOptions { MaxAttempts = 1 });
        var cohort = federation.Cohort();
        await Assert.ThrowsAsync<ArgumentException>(() => cohort.TrainAsync(new NetworkOptions { Outcome = Variable.AgeAtDiagnosis, Covariates = Covariates }));
        await Assert.ThrowsAsync<ArgumentException>(() => cohort.TrainAsync(new NetworkOptions { Outcome = Variable.Event, Covariates = [] }));
        await Assert.ThrowsAsync<ArgumentException>(() => cohort.TrainAsync(new NetworkOptions { Outcome = Variable.Event, Covariates = Covariates, Hidden = [0] }));
        Assert.Equal(0, site.Requests);
        await Assert.ThrowsAsync<InvalidOperationException>(() => new Cohort().TrainAsync(new NetworkOptions { Outcome = Variable.Event, Covariates = Covariates }));
    }

    [Fact]
    public void Initial_weights_are_pytorchs_linear_init_fixed_by_the_seed()
    {
        // 5 inputs → 4 hidden → 1 output: weight 4×5, bias 4, weight 1×4, bias 1.
        var weights = InitialWeights.Draw(5, [4], seed: 3);
        Assert.Equal(4 * 5 + 4 + 4 + 1, weights.Length);
        Assert.Equal(weights.Length, InitialWeights.Count(5, [4]));
        using var torchModel = TabularMlp.Create(5, [4]);
        Assert.Equal(torchModel.ParameterCount, weights.Length);
        // PyTorch draws a Linear layer's weights and bias uniformly in ±1/√fan_in.
        Assert.All(weights[..24], w => Assert.InRange(Math.Abs(w), 0, 1 / Math.Sqrt(5)));
        Assert.All(weights[24..], w => Assert.InRange(Math.Abs(w), 0, 1 / Math.Sqrt(4)));
        // Over a wide layer the draws fill the range uniformly: mean 0 and variance bound²/3.
        var wide = InitialWeights.Draw(400, [10], seed: 1)[..(400 * 10 + 10)].Select(w => w * Math.Sqrt(400)).ToList();
        Assert.InRange(wide.Max(), 0.99, 1);
        Assert.InRange(wide.Min(), -1, -0.99);
        Assert.InRange(wide.Average(), -0.05, 0.05);
        Assert.InRange(wide.Average(w => w * w), 1 / 3.0 * 0.95, 1 / 3.0 * 1.05);
        Assert.Equal(weights, InitialWeights.Draw(5, [4], seed: 3));
        Assert.NotEqual(weights, InitialWeights.Draw(5, [4], seed: 4));
        Assert.Equal(6 + 1, InitialWeights.Draw(6, [], seed: 1).Length);
    }
}

internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
