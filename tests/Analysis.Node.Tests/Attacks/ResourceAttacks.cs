using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Analysis.Contracts;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Issue 11, route 10: requests that tried to exhaust the node (huge lists, slow bodies, floods) are refused
/// cleanly and the node keeps serving.</summary>
public sealed class ResourceAttacks(NodeWithRandomSite site) : IClassFixture<NodeWithRandomSite>
{
    private RunningNode Node => site.Node;

    private async Task<long> Count(object filter)
    {
        var (response, json) = await Node.PostAsync("api/v1/count", new { filter });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return json.GetProperty("count").TryGetProperty("value", out var v) ? v.GetInt64() : -1;
    }

    [Fact]
    public async Task A_stage_list_of_100000_repeated_values_is_refused_before_binding()
    {
        var (response, problem) = await Node.PostAsync("api/v1/count", new { filter = new { stage = Enumerable.Repeat("I", 100_000) } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("filter.stage", problem.GetProperty("field").GetString());
        Assert.Contains($"at most {new RequestLimits().MaxListLength}", problem.GetProperty("detail").GetString());
        // The node keeps serving.
        Assert.True(await Count(new { stage = new[] { "I" } }) >= 0);
    }

    [Fact]
    public async Task Repeated_values_under_the_cap_are_deduplicated_and_audited_once()
    {
        var repeated = Enumerable.Repeat("II", 300).Append("I").Concat(Enumerable.Repeat("II", 100)).ToArray();
        var count = await Count(new { stage = repeated });
        Assert.Equal(await Count(new { stage = new[] { "II", "I" } }), count);
        var line = SecurityApiTests.ReadAudit(Node.Directory).Where(l => l.GetProperty("endpoint").GetString() == "POST /api/v1/count").ToList()[^2];
        var stage = JsonDocument.Parse(line.GetProperty("query").GetString()!).RootElement.GetProperty("filter").GetProperty("stage");
        Assert.Equal(["II", "I"], stage.EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Twenty_thousand_genes_are_a_clean_400_not_a_500()
    {
        var genes = Enumerable.Range(0, 20_000).Select(i => $"G{i}").ToArray();
        var (frequency, problem) = await Node.PostAsync("api/v1/mutations/frequency", new { genes });
        Assert.Equal(HttpStatusCode.BadRequest, frequency.StatusCode);
        Assert.Equal("genes", problem.GetProperty("field").GetString());
        var (filter, filterProblem) = await Node.PostAsync("api/v1/count", new { filter = new { mutations = genes } });
        Assert.Equal(HttpStatusCode.BadRequest, filter.StatusCode);
        Assert.Equal("filter.mutations", filterProblem.GetProperty("field").GetString());
        Assert.True(await Count(new { }) > 0);
    }

    [Fact]
    public async Task A_long_beacon_filter_list_in_the_query_string_meets_the_same_cap()
    {
        using var beacon = Node.ClientFor(RunningNode.BeaconToken);
        using var response = await beacon.GetAsync("api/individuals?filters=" + string.Join(',', Enumerable.Repeat("NCIT:C16576", 600).Select((f, i) => i % 2 == 0 ? f : "NCIT:C20197")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("query.filters", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_list_cap_is_the_sites()
    {
        var config = RunningNode.DefaultConfig() with { Limits = new RequestLimits { MaxListLength = 2 } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(40, seed: 3), config);
        var (ok, _) = await node.PostAsync("api/v1/count", new { filter = new { stage = new[] { "I", "II" } } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var (refused, problem) = await node.PostAsync("api/v1/count", new { filter = new { stage = new[] { "I", "II", "III" } } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("at most 2", problem.GetProperty("detail").GetString());
    }

    /// <summary>Sends a request whose body stalls after its first bytes; returns the open connection.</summary>
    private static async Task<(TcpClient Client, NetworkStream Stream)> StallingPost(Uri address, string path, string token, int length = 100)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        var head = $"POST /{path} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{\"filter\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.FlushAsync();
        return (client, stream);
    }

    private static async Task<string> ReadResponseHead(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, guard.Token);
            if (read == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_body_that_never_arrives_is_stopped_at_the_request_deadline_and_the_node_keeps_serving()
    {
        var config = RunningNode.DefaultConfig() with { Policy = new DisclosurePolicy { QueryTimeoutSeconds = 1 } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(40, seed: 5), config);
        var (client, stream) = await StallingPost(node.Server.Address, "api/v1/count", RunningNode.AggregateToken);
        using (client)
        {
            var head = await ReadResponseHead(stream);
            Assert.StartsWith("HTTP/1.1 503", head);
        }
        var line = SecurityApiTests.ReadAudit(node.Directory).Last();
        Assert.Equal(503, line.GetProperty("status").GetInt32());
        Assert.Contains("queryTimeoutSeconds", line.GetProperty("reason").GetString());
        Assert.Equal("alice", line.GetProperty("user").GetString());
        var (ok, _) = await node.PostAsync("api/v1/count", new { });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Over_the_per_token_rate_the_answer_is_429_with_retry_after_and_audited()
    {
        var config = RunningNode.DefaultConfig() with { Limits = new RequestLimits { RequestsPerMinutePerToken = 1, BurstPerToken = 3 } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(40, seed: 6), config);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await node.Client.PostAsJsonAsync("api/v1/count", new { });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(refused!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("requestsPerMinutePerToken", problem.GetProperty("detail").GetString());
        var line = SecurityApiTests.ReadAudit(node.Directory).Last();
        Assert.Equal(429, line.GetProperty("status").GetInt32());
        Assert.Equal("alice", line.GetProperty("user").GetString());
        // The limit is per token: another token is still served.
        using var other = node.ClientFor(RunningNode.RecordsToken);
        var (ok, _) = await node.PostAsync("api/v1/count", new { }, other);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Over_the_concurrency_limit_requests_wait_and_a_full_queue_answers_429()
    {
        var config = RunningNode.DefaultConfig() with { Limits = new RequestLimits { MaxConcurrentRequests = 1, MaxQueuedRequests = 0 } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(40, seed: 7), config);
        // One request holds the only slot: its body arrives slowly, as whitespace (fast enough for Kestrel's minimum
        // data rate, within the 30 s deadline), until the test sends the rest.
        const int length = 200_000;
        var (client, stream) = await StallingPost(node.Server.Address, "api/v1/count", RunningNode.AggregateToken, length);
        using (client)
        {
            var sent = "{\"filter\":".Length;
            using var stop = new CancellationTokenSource();
            var padding = Encoding.ASCII.GetBytes(new string(' ', 100));
            var trickle = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && sent + padding.Length < length - 1000)
                {
                    await stream.WriteAsync(padding);
                    sent += padding.Length;
                    await Task.Delay(100);
                }
            });
            // Until the node has admitted the held request a second one may still get the slot; retry until it is refused.
            using var other = node.ClientFor(RunningNode.RecordsToken);
            HttpResponseMessage? response = null;
            for (var attempt = 0; attempt < 200; attempt++)
            {
                response = await other.PostAsJsonAsync("api/v1/count", new { });
                if (response.StatusCode == HttpStatusCode.TooManyRequests) break;
                await Task.Delay(50);
            }
            stop.Cancel();
            await trickle;
            Assert.True(response!.StatusCode == HttpStatusCode.TooManyRequests, string.Join("\n", SecurityApiTests.ReadAudit(node.Directory).TakeLast(5).Select(l => l.GetRawText())));
            Assert.NotNull(response.Headers.RetryAfter);
            // The held request completes normally once its body arrives.
            await stream.WriteAsync(Encoding.ASCII.GetBytes("{}}" + new string(' ', length - sent - 3)));
            Assert.StartsWith("HTTP/1.1 200", await ReadResponseHead(stream));
        }
        var (ok, _) = await node.PostAsync("api/v1/count", new { });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task With_a_queue_many_parallel_requests_over_the_concurrency_limit_all_succeed()
    {
        // Exact mode: the 24 different age filters (not on the protected mode's age bands) are about the queue, not disclosure.
        var config = RunningNode.ExactConfig() with { Limits = new RequestLimits { MaxConcurrentRequests = 1 } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(40, seed: 8), config);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await node.Client.PostAsJsonAsync("api/v1/count", new { filter = new { ageMin = i } });
            return response.StatusCode;
        }));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
