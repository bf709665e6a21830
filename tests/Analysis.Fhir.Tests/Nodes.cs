using Analysis.Node.Tests;

namespace Analysis.Fhir.Tests;

/// <summary>An open node (FHIR served to the records token) over 130 random fixture patients, shared by a test class.</summary>
public sealed class OpenNode : IAsyncLifetime
{
    public RunningNode Node { get; private set; } = null!;

    public Uri FhirBase => new(Node.Server.Address, "fhir/");

    public FhirSource Source(FhirSourceOptions? options = null, string token = RunningNode.RecordsToken) => new(FhirBase, token, options);

    /// <summary>The ids the fixture wrote for a resource type, from its NDJSON file.</summary>
    public List<string> Ids(string type) =>
        [.. File.ReadLines(Path.Combine(Node.Directory, $"{type}.ndjson")).Where(l => l.Length > 0)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>How many requests the node audited for this method and path (e.g. <c>GET /fhir/Patient</c>).</summary>
    public int Audited(string endpoint) =>
        File.ReadLines(Path.Combine(Node.Directory, "audit.jsonl")).Count(l => l.Contains($"\"{endpoint}\"", StringComparison.Ordinal));

    public async Task InitializeAsync() => Node = await RunningNode.StartAsync(SiteFixture.Random(130, seed: 99), RunningNode.DefaultConfig(open: true));

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>Records every progress report synchronously (Progress&lt;T&gt; would post them later, racing the assertions).</summary>
public sealed class ProgressLog(Action<ExportProgress>? onReport = null) : IProgress<ExportProgress>
{
    private readonly List<ExportProgress> reports = [];

    public IReadOnlyList<ExportProgress> Reports
    {
        get { lock (reports) return [.. reports]; }
    }

    public void Report(ExportProgress value)
    {
        lock (reports) reports.Add(value);
        onReport?.Invoke(value);
    }
}
