using Analysis.Contracts;
using Analysis.Node.Tests;
using Analysis.Stats;

namespace Analysis.Federation.Tests;

/// <summary>
/// Three real nodes whose policy suppresses nothing (cell and subset thresholds of 1, the explicit exact mode), so every federated statistic can be
/// compared exactly with the same statistic computed locally on the pooled rows.
/// </summary>
public class PooledSites : IAsyncLifetime
{
    public static readonly string[] Names = ["oslo", "lyon", "porto"];
    public const int Grid = 30;

    public List<RunningNode> Nodes { get; } = [];

    public virtual async Task InitializeAsync()
    {
        // Exact mode: thresholds only, so federated answers can equal the pooled ones.
        var config = RunningNode.DefaultConfig() with { Policy = new() { MinCellCount = 1, MinSubsetSize = 1, Mode = DisclosureMode.Exact } };
        await StartAsync([SiteFixture.Random(160, 11, "oslo"), SiteFixture.Random(110, 12, "lyon"), SiteFixture.Random(70, 13, "porto")], config);
    }

    /// <summary>Starts one node per site, in <see cref="Names"/>' order.</summary>
    protected internal async Task StartAsync(IReadOnlyList<List<FixturePatient>> sites, Analysis.Node.Configuration.NodeConfig config)
    {
        foreach (var patients in sites) Nodes.Add(await RunningNode.StartAsync(patients, config));
    }

    public FederationClient Connect(FederationOptions? options = null) =>
        new(Nodes.Select((n, i) => ThreeSites.Site(Names[i], n.Server.Address.AbsoluteUri)), options);

    /// <summary>Every site's patients with their site's name, the pooled rows a federated answer must equal.</summary>
    public IEnumerable<(string Site, FixturePatient Patient)> Pooled(Func<FixturePatient, bool>? where = null) =>
        Nodes.SelectMany((n, i) => n.Patients.Where(where ?? (_ => true)).Select(p => (Names[i], p)));

    /// <summary>The pooled rows as a table in the node's variable names; follow-up also rounded as the node's survival grid and Cox endpoint do.</summary>
    public ColumnSource Table(Func<FixturePatient, bool>? where = null)
    {
        var rows = Pooled(where).ToList();
        return ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["site"] = [.. rows.Select(r => (object?)r.Site)],
            ["age_at_diagnosis"] = [.. rows.Select(r => (object?)(double)r.Patient.Age)],
            ["sex"] = [.. rows.Select(r => (object?)r.Patient.Sex)],
            ["stage_group"] = [.. rows.Select(r => (object?)r.Patient.Stage)],
            ["event"] = [.. rows.Select(r => (object?)(double)r.Patient.Event)],
            ["followup_days"] = [.. rows.Select(r => (object?)(double)r.Patient.FollowupDays)],
            // The risk table puts a death in [k*30, (k+1)*30) at the interval's end.
            ["grid_time"] = [.. rows.Select(r => (object?)(double)((r.Patient.FollowupDays / Grid + 1) * Grid))],
            // The Cox endpoint rounds follow-up up to the grid.
            ["cox_time"] = [.. rows.Select(r => (object?)(Math.Ceiling(r.Patient.FollowupDays / (double)Grid) * Grid))],
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
