using Analysis.Tests.Shared;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Analysis.Cli.Tests;

/// <summary>Runs <c>analysis node serve</c> in-process over a tiny site folder and stops it by cancellation (as Ctrl+C does).</summary>
[Collection("environment")]
public sealed class NodeCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cli-node-{Guid.NewGuid():N}");

    public NodeCommandTests()
    {
        Directory.CreateDirectory(_dir);
        var patients = Enumerable.Range(1, 6).Select(i => $$"""{"resourceType":"Patient","id":"oslo-{{i:D6}}","gender":"female","birthDate":"1960-01-0{{i}}"}""");
        var conditions = Enumerable.Range(1, 6).Select(i =>
            $$$"""{"resourceType":"Condition","id":"oslo-condition-{{{i}}}","subject":{"reference":"Patient/oslo-{{{i:D6}}}"},"onsetDateTime":"2020-01-01","code":{"coding":[{"system":"http://snomed.info/sct","code":"254837009"}]}}""");
        File.WriteAllLines(Path.Combine(_dir, "Patient.ndjson"), patients);
        File.WriteAllLines(Path.Combine(_dir, "Condition.ndjson"), conditions);
        // The exact mode, read from node.json, so the served count can be checked against the six ingested patients
        // (the default protected mode perturbs and rounds it; its tests are the node's).
        File.WriteAllText(Path.Combine(_dir, "node.json"), """{"tokens":[{"token":"t0k","user":"ann"}],"policy":{"mode":"exact"}}""");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Serve_ingests_then_answers_until_cancelled()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var (stdout, stderr) = (Console.Out, Console.Error);
        var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            var serving = CommandLine.Build().Parse(["node", "serve", "--data", _dir, "--port", port.ToString()]).InvokeAsync(cancellationToken: stop.Token);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            client.DefaultRequestHeaders.Authorization = new("Bearer", "t0k");
            HttpResponseMessage? response = null;
            for (var attempt = 0; attempt < 100 && response is null; attempt++)
            {
                try
                {
                    response = await client.PostAsync("api/v1/count", new StringContent("""{"filter":{"diagnosis":"C50.9"}}""", Encoding.UTF8, "application/json"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
            Assert.NotNull(response);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(6, json.GetProperty("count").GetProperty("value").GetInt32());

            stop.Cancel();
            Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("ingested Patient.ndjson: 6 rows", output.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    [Fact]
    public void Serve_refuses_a_missing_folder()
    {
        var (exit, _, error) = CommandRunner.Run("node", "serve", "--data", Path.Combine(_dir, "nope"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }
}
