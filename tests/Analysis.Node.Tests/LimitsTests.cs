using System.Diagnostics;
using System.Net;
using Analysis.Contracts;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;

namespace Analysis.Node.Tests;

public sealed class LimitsTests
{
    [Fact]
    public void A_query_over_the_timeout_is_stopped_with_503()
    {
        var dir = SiteFixture.NewDirectory();
        using var executor = new QueryExecutor(new SiteDatabase(dir), TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<RequestException>(() => executor.Rows("SELECT sum(hash(i)) FROM range(1000000000000) t(i)", []));
        Assert.Equal(503, e.Status);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 15);
    }

    [Fact]
    public async Task An_answer_over_the_row_limit_is_refused()
    {
        var config = RunningNode.DefaultConfig() with { Policy = new DisclosurePolicy { MaxResultRows = 5 } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(60, seed: 1), config);
        var (response, json) = await node.PostAsync("api/v1/crosstab", new { rows = "sex", columns = "stage_group" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("limit is 5", json.GetProperty("detail").GetString());
        var (small, _) = await node.PostAsync("api/v1/crosstab", new { rows = "sex", columns = "event" });
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }
}

public sealed class StartupTests
{
    [Fact]
    public async Task Serving_a_folder_that_was_never_ingested_fails_clearly()
    {
        var dir = SiteFixture.NewDirectory();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Analysis.Node.Http.NodeServer.StartAsync(dir, RunningNode.DefaultConfig(), 0));
        Assert.Contains("no ingested data", e.Message);
    }
}
