using Analysis.Node.Tests;

namespace Analysis.Federation.Tests;

/// <summary>Three real nodes over real DuckDB files, shared by the tests of a class; the smallest has under 5 breast cancers.
/// The tests compare the sites' answers exactly with the fixture, so the nodes run the explicit exact mode (thresholds only);
/// the protected default is tested by <see cref="ProtectedUtilityTests"/>.</summary>
public sealed class ThreeSites : IAsyncLifetime
{
    public List<RunningNode> Nodes { get; } = [];

    public static readonly string[] Names = ["oslo", "lyon", "porto"];

    public async Task InitializeAsync()
    {
        Nodes.Add(await RunningNode.StartAsync(SiteFixture.Random(120, 1, "oslo"), RunningNode.ExactConfig()));
        Nodes.Add(await RunningNode.StartAsync(SiteFixture.Random(80, 2, "lyon"), RunningNode.ExactConfig()));
        Nodes.Add(await RunningNode.StartAsync(SiteFixture.PerCancer(3, 20, 20), RunningNode.ExactConfig()));
    }

    public IEnumerable<Site> Sites() => Nodes.Select((n, i) => Site(Names[i], n.Server.Address.AbsoluteUri));

    public static Site Site(string name, string url) => new(name, "XX", new Uri(url), RunningNode.AggregateToken, null, null);

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
