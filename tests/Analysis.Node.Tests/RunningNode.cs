using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Analysis.Node.Configuration;
using Analysis.Node.Http;
using Analysis.Node.Ingest;

namespace Analysis.Node.Tests;

/// <summary>A real node on 127.0.0.1 with a free port over a real DuckDB file in a temp folder.</summary>
public sealed class RunningNode : IAsyncDisposable
{
    public const string AggregateToken = "token-aggregate";
    public const string BeaconToken = "token-beacon";
    public const string RecordsToken = "token-records";

    public static NodeConfig DefaultConfig(bool open = false) => new()
    {
        Open = open,
        Tokens =
        [
            new TokenGrant(AggregateToken, "alice", [Scopes.Aggregate]),
            new TokenGrant(BeaconToken, "bob", [Scopes.Beacon]),
            new TokenGrant(RecordsToken, "carol", [Scopes.Aggregate, Scopes.Records]),
        ],
    };

    /// <summary>The default tokens with the exact mode (thresholds only), for the tests that check federated results equal pooled ones.</summary>
    public static NodeConfig ExactConfig(bool open = false) =>
        DefaultConfig(open) with { Policy = new Analysis.Contracts.DisclosurePolicy { Mode = Analysis.Contracts.DisclosureMode.Exact } };

    private RunningNode(string dir, IReadOnlyList<FixturePatient> patients, NodeServer server)
    {
        Directory = dir;
        Patients = patients;
        Server = server;
        Client = ClientFor(AggregateToken);
    }

    /// <summary>A client for this node that sends <paramref name="token"/>; the caller disposes it.</summary>
    public HttpClient ClientFor(string token)
    {
        var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public string Directory { get; }
    public IReadOnlyList<FixturePatient> Patients { get; }
    public NodeServer Server { get; }
    public HttpClient Client { get; }

    /// <summary>Writes the patients' site folder, ingests it and starts a node over it.</summary>
    /// <param name="patients">The patients.</param>
    /// <param name="config">Tokens and policy; <see cref="DefaultConfig"/> (the protected default policy) when null.</param>
    /// <param name="prepare">Changes the written folder before ingest (e.g. adds MAF lines).</param>
    public static async Task<RunningNode> StartAsync(IReadOnlyList<FixturePatient> patients, NodeConfig? config = null, Action<string>? prepare = null)
    {
        var dir = SiteFixture.NewDirectory();
        SiteFixture.Write(dir, patients);
        prepare?.Invoke(dir);
        var report = new SiteIngestor(dir).Ingest();
        Assert.True(report.Succeeded, string.Join("; ", report.Errors.Select(e => e.Message)));
        return new RunningNode(dir, patients, await NodeServer.StartAsync(dir, config ?? DefaultConfig(), 0));
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, object body, HttpClient? client = null)
    {
        var response = await (client ?? Client).PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
