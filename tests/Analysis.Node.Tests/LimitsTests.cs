using System.Net;
using Analysis.Contracts;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Tests;

public sealed class LimitsTests
{
    private const string Endless = "SELECT sum(hash(i)) FROM range(1000000000000) t(i)";

    [Fact]
    public void A_query_over_the_timeout_is_stopped_with_503_and_the_executor_keeps_answering()
    {
        var dir = SiteFixture.NewDirectory();
        using var executor = new QueryExecutor(new SiteDatabase(dir), TimeSpan.FromSeconds(1));
        var e = Assert.Throws<RequestException>(() => executor.Rows(Endless, []));
        Assert.Equal(503, e.Status);
        Assert.Equal("query-timeout", e.Kind);
        Assert.Equal(1, executor.Scalar("SELECT 1", []));
    }

    [Fact]
    public async Task A_running_query_is_interrupted_at_the_request_deadline_not_only_its_own_timeout()
    {
        var dir = SiteFixture.NewDirectory();
        // The executor's own timeout is an hour: only the request's deadline can stop the query.
        using var executor = new QueryExecutor(new SiteDatabase(dir), TimeSpan.FromHours(1));
        using var deadline = RequestDeadline.Start(new DefaultHttpContext(), TimeSpan.FromSeconds(1));
        var query = Task.Run(() => executor.Rows(Endless, []));
        // A guard, not a timing claim: an uninterrupted query would run for hours, and the test must fail rather than hang.
        var e = await Assert.ThrowsAsync<RequestException>(() => query.WaitAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal(503, e.Status);
        Assert.True(deadline.Expired);
        Assert.Equal(1, executor.Scalar("SELECT 1", []));
    }

    [Fact]
    public async Task An_answer_still_running_at_the_deadline_is_answered_with_the_deadline_problem()
    {
        using var deadline = RequestDeadline.Start(new DefaultHttpContext(), TimeSpan.FromMilliseconds(200));
        using var release = new ManualResetEventSlim();
        // Work that ignores every cancellation (as a parse inside DuckDB would) cannot hold the request past its deadline.
        var e = await Assert.ThrowsAsync<RequestException>(() => deadline.Run(() => release.Wait(TimeSpan.FromMinutes(5))));
        release.Set();
        Assert.Equal(503, e.Status);
        Assert.Equal("deadline-exceeded", e.Kind);
        Assert.Contains("queryTimeoutSeconds", e.Message);
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
