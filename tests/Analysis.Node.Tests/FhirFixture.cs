using System.Net.Http.Headers;
using System.Text.Json;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Node.Tests;

/// <summary>An open node (FHIR served) over a random site, plus helpers for talking FHIR to it.</summary>
public sealed class OpenFhirNode : IAsyncLifetime
{
    public RunningNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await RunningNode.StartAsync(SiteFixture.Random(130, seed: 4242), RunningNode.DefaultConfig(open: true));

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public static class Fhir
{
    public static Uri Base(RunningNode node) => new(node.Server.Address, "fhir/");

    public static HttpClient Http(RunningNode node, string? token = RunningNode.RecordsToken)
    {
        var client = new HttpClient { BaseAddress = Base(node) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The official Firely client, sending the bearer token on every request through its HttpClient.</summary>
    public static FhirClient Client(RunningNode node, string token = RunningNode.RecordsToken) =>
        new(Base(node).ToString(), Http(node, token), new FhirClientSettings { PreferredFormat = ResourceFormat.Json });

    /// <summary>The NDJSON lines the fixture wrote for a resource type.</summary>
    public static List<string> Lines(RunningNode node, string type) =>
        File.ReadLines(Path.Combine(node.Directory, $"{type}.ndjson")).Where(l => l.Length > 0).ToList();

    /// <summary>Checks a response is an OperationOutcome with the status and a diagnostics text containing <paramref name="mentions"/>.</summary>
    public static async Task AssertOutcome(HttpResponseMessage response, int status, string mentions)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("OperationOutcome", json.GetProperty("resourceType").GetString());
        Assert.Contains(mentions, json.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
    }
}
