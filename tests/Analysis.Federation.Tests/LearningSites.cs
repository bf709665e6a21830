using Analysis.Node.Tests;

namespace Analysis.Federation.Tests;

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
        // The nodes train in this process; one torch thread each keeps a 2-core machine usable.
        Analysis.ML.Torch.TorchRuntime.SetThreads(1);
        Nodes.Add(await RunningNode.StartAsync(Patients(260, 21, "oslo"), RunningNode.ExactConfig()));
        Nodes.Add(await RunningNode.StartAsync(Patients(180, 22, "lyon"), RunningNode.ExactConfig()));
        Nodes.Add(await RunningNode.StartAsync(Patients(140, 23, "porto"), RunningNode.ExactConfig()));
    }

    public FederationClient Federation() =>
        new(Nodes.Select((n, i) => new Site(Names[i], "XX", n.Server.Address, RunningNode.AggregateToken, null, null)),
            new FederationOptions { SiteTimeout = TimeSpan.FromSeconds(60), MaxAttempts = 1 });

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
