using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace Analysis.Node.Tests;

public sealed class ConcurrencyApiTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Parallel_clients_lose_no_audit_line()
    {
        const int clients = 32, perClient = 150;
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(300, seed: 8));
        var before = SecurityApiTests.ReadAudit(node.Directory).Count;
        var clock = Stopwatch.StartNew();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < perClient; i++)
            {
                using var response = await node.Client.PostAsJsonAsync("api/v1/count", new { filter = new { ageMin = 20 + (c + i) % 5 * 10 } });
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
            }
        })));
        clock.Stop();
        output.WriteLine($"{clients * perClient} requests in {clock.Elapsed.TotalSeconds:0.0} s: {clock.Elapsed.TotalMilliseconds / (clients * perClient) * clients:0.00} ms mean latency, {clients * perClient / clock.Elapsed.TotalSeconds:0} req/s");
        Assert.Equal(0, failures);
        var lines = SecurityApiTests.ReadAudit(node.Directory);
        Assert.Equal(before + clients * perClient, lines.Count);
    }

    [Fact]
    public async Task A_restarted_node_serves_the_same_data_without_reingesting()
    {
        var patients = SiteFixture.Random(50, seed: 4);
        string dir;
        long first;
        await using (var node = await RunningNode.StartAsync(patients))
        {
            dir = node.Directory;
            var (_, json) = await node.PostAsync("api/v1/count", new { });
            first = json.GetProperty("count").GetProperty("value").GetInt64();
            // Remove the sources: a restart must answer from the database file alone.
            foreach (var f in Directory.GetFiles(dir, "*.ndjson")) File.Delete(f);
            await node.Server.DisposeAsync();
            await using var again = await Analysis.Node.Http.NodeServer.StartAsync(dir, RunningNode.DefaultConfig(), 0);
            using var client = new HttpClient { BaseAddress = again.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", RunningNode.AggregateToken);
            var (_, second) = await node.PostAsync("api/v1/count", new { }, client);
            Assert.Equal(patients.Count, first);
            Assert.Equal(first, second.GetProperty("count").GetProperty("value").GetInt64());
        }
    }
}

public sealed class LatencyTests(NodeWithRandomSite site, ITestOutputHelper output) : IClassFixture<NodeWithRandomSite>
{
    [Fact]
    public async Task Sequential_latency_per_endpoint_is_reported()
    {
        var requests = new (string Path, object Body)[]
        {
            ("api/v1/count", new { filter = new { diagnosis = "C50.9", ageMin = 40, biomarkers = new Dictionary<string, string> { ["ER"] = "positive" } } }),
            ("api/v1/crosstab", new { rows = "sex", columns = "stage_group" }),
            ("api/v1/summary", new { variable = "followup_days" }),
            ("api/v1/histogram", new { variable = "age_at_diagnosis" }),
            ("api/v1/survival/risktable", new { strata = "diagnosis" }),
        };
        foreach (var (path, body) in requests)
        {
            for (var i = 0; i < 5; i++) await site.Node.PostAsync(path, body);
            const int n = 50;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var (response, _) = await site.Node.PostAsync(path, body);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            output.WriteLine($"{path}: {clock.Elapsed.TotalMilliseconds / n:0.00} ms mean over {n} sequential requests ({site.Node.Patients.Count} patients)");
        }
    }
}
