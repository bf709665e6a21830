using System.Net;
using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Fhir;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Issue 11, route 10: bulk exports had no quota or expiry and echoed the Host header into manifest links.</summary>
public sealed class ExportAttacks
{
    private static HttpRequestMessage KickOffRequest(string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "$export?_type=Patient");
        request.Headers.Add("Accept", "application/fhir+json");
        request.Headers.Add("Prefer", "respond-async");
        if (host is not null) request.Headers.Host = host;
        return request;
    }

    private static async Task<Uri> KickOff(HttpClient http, string? host = null)
    {
        using var response = await http.SendAsync(KickOffRequest(host));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Content.Headers.ContentLocation!;
    }

    /// <summary>Polls (as Retry-After says) until the export finished; the manifest.</summary>
    private static async Task<JsonElement> Manifest(HttpClient http, Uri status, string? host = null)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, status);
            if (host is not null) request.Headers.Host = host;
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK) return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(200);
        }
        throw new TimeoutException("the export did not finish");
    }

    private static Task<RunningNode> Open(RequestLimits limits, string? publicBaseUrl = null) =>
        RunningNode.StartAsync(SiteFixture.Random(30, seed: 12), RunningNode.DefaultConfig(open: true) with { Limits = limits, PublicBaseUrl = publicBaseUrl });

    [Fact]
    public async Task A_spoofed_host_header_never_reaches_the_links()
    {
        await using var node = await Open(new RequestLimits());
        using var http = Fhir.Http(node);
        const string evil = "evil.example:8443";
        var status = await KickOff(http, evil);
        Assert.Equal(node.Server.Address.Authority, status.Authority);
        var manifest = await Manifest(http, status, evil);
        var text = manifest.GetRawText();
        Assert.DoesNotContain("evil", text);
        Assert.StartsWith(node.Server.Address.ToString(), manifest.GetProperty("request").GetString());
        Assert.All(manifest.GetProperty("output").EnumerateArray(), o => Assert.StartsWith(new Uri(node.Server.Address, "fhir/").ToString(), o.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task The_configured_public_base_url_is_used_for_every_link()
    {
        const string published = "https://node.example.org/site-a/";
        await using var node = await Open(new RequestLimits(), published);
        using var http = Fhir.Http(node);
        using var kickOff = await http.SendAsync(KickOffRequest("evil.example"));
        var location = kickOff.Content.Headers.ContentLocation!;
        Assert.StartsWith(published + "fhir/bulkstatus/", location.ToString());
        // The published address is the proxy's; ask the node itself for the same job.
        var status = new Uri(new Uri(node.Server.Address, "fhir/"), location.AbsolutePath[(new Uri(published).AbsolutePath.Length + "fhir/".Length)..]);
        var manifest = await Manifest(http, status);
        Assert.Equal(published + "fhir/$export?_type=Patient", manifest.GetProperty("request").GetString());
        Assert.All(manifest.GetProperty("output").EnumerateArray(), o => Assert.StartsWith(published + "fhir/bulkfiles/", o.GetProperty("url").GetString()));
        using var anonymous = new HttpClient { BaseAddress = node.Server.Address };
        using var map = await anonymous.GetAsync("api/map");
        Assert.Contains(published + "api/individuals", await map.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_cannot_hold_more_exports_than_the_quota()
    {
        await using var node = await Open(new RequestLimits { RunningExportsPerUser = 1, StoredExportsPerUser = 2 });
        using var http = Fhir.Http(node);
        var first = await KickOff(http);
        await Manifest(http, first);
        var second = await KickOff(http);
        await Manifest(http, second);
        using (var third = await http.SendAsync(KickOffRequest()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.NotNull(third.Headers.RetryAfter);
            Assert.Contains("storedExportsPerUser", await third.Content.ReadAsStringAsync());
        }
        Assert.Equal(429, SecurityApiTests.ReadAudit(node.Directory).Last().GetProperty("status").GetInt32());
        // Deleting one frees a place.
        using (var deleted = await http.DeleteAsync(first)) Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await Manifest(http, await KickOff(http));
    }

    [Fact]
    public async Task A_user_cannot_run_more_exports_at_once_than_the_running_quota()
    {
        // Every resource type of a few thousand patients: the export runs long enough for a second kick-off sent right
        // after the first to find it running (the stored quota is far away, so only the running one can refuse).
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(3000, seed: 13),
            RunningNode.DefaultConfig(open: true) with { Limits = new RequestLimits { RunningExportsPerUser = 1, StoredExportsPerUser = 10 } });
        using var http = Fhir.Http(node);
        HttpRequestMessage All()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "$export");
            request.Headers.Add("Accept", "application/fhir+json");
            request.Headers.Add("Prefer", "respond-async");
            return request;
        }
        var refused = false;
        for (var attempt = 0; attempt < 5 && !refused; attempt++)
        {
            Uri first;
            using (var kickOff = await http.SendAsync(All()))
            {
                Assert.Equal(HttpStatusCode.Accepted, kickOff.StatusCode);
                first = kickOff.Content.Headers.ContentLocation!;
            }
            using (var second = await http.SendAsync(All()))
            {
                if (second.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    refused = true;
                    Assert.NotNull(second.Headers.RetryAfter);
                    Assert.Contains("runningExportsPerUser", await second.Content.ReadAsStringAsync());
                    var line = SecurityApiTests.ReadAudit(node.Directory).Last();
                    Assert.Equal(429, line.GetProperty("status").GetInt32());
                    Assert.Equal("carol", line.GetProperty("user").GetString());
                }
                else
                {
                    // Accepted only if the first had already finished: then its status is its manifest, never 202.
                    Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
                    using var status = await http.GetAsync(first);
                    Assert.Equal(HttpStatusCode.OK, status.StatusCode);
                    using (await http.DeleteAsync(second.Content.Headers.ContentLocation!)) { }
                }
            }
            // Once the first has finished, its slot is free again.
            await Manifest(http, first);
            using (await http.DeleteAsync(first)) { }
        }
        Assert.True(refused, "a second export while the first ran was never refused");
        using var after = await http.SendAsync(All());
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        await Manifest(http, after.Content.Headers.ContentLocation!);
    }

    [Fact]
    public async Task A_fhir_answer_still_running_at_the_request_deadline_is_a_503_operation_outcome()
    {
        // The FHIR routes run under the same one deadline as every other route: their answer runs on a worker that
        // sees the deadline (so its DuckDB queries are interrupted there) and the request stops waiting at it.
        var pipeline = new Analysis.Node.Pipeline.RequestPipeline(
            new Analysis.Node.Pipeline.Authenticator([new Analysis.Node.Configuration.TokenGrant("t", "carol", [Analysis.Node.Configuration.Scopes.Records])]),
            TimeSpan.FromMilliseconds(300), new RequestLimits());
        var fhir = new FhirApi(pipeline, open: true);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            RequestServices = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(
                Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(new Microsoft.Extensions.DependencyInjection.ServiceCollection())),
        };
        context.Request.Headers.Authorization = "Bearer t";
        context.Response.Body = new MemoryStream();
        using var release = new ManualResetEventSlim();
        var sawDeadline = false;
        await fhir.Handle(context, () =>
        {
            sawDeadline = Analysis.Node.Pipeline.RequestDeadline.Current.CanBeCanceled;
            // Work that ignores every cancellation cannot hold the request past its deadline.
            release.Wait(TimeSpan.FromMinutes(5));
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        release.Set();
        Assert.True(sawDeadline, "the answer ran without the request's deadline");
        Assert.Equal(503, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var outcome = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains("queryTimeoutSeconds", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString());
        Assert.Contains("queryTimeoutSeconds", (string)context.Items[Analysis.Node.Pipeline.RequestPipeline.AuditReason]!);
    }

    [Fact]
    public async Task A_finished_export_expires_its_files_are_deleted_and_its_status_is_404()
    {
        await using var node = await Open(new RequestLimits { ExportRetentionSeconds = 1 });
        using var http = Fhir.Http(node);
        var status = await KickOff(http);
        var manifest = await Manifest(http, status);
        var folder = Path.Combine(node.Directory, ExportJobs.FolderName, status.Segments[^1]);
        var file = manifest.GetProperty("output")[0].GetProperty("url").GetString()!;
        HttpStatusCode answer = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 600 && answer != HttpStatusCode.NotFound; attempt++)
        {
            await Task.Delay(100);
            using var response = await http.GetAsync(status);
            answer = response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.NotFound, answer);
        Assert.False(Directory.Exists(folder));
        using var files = await http.GetAsync(file);
        Assert.Equal(HttpStatusCode.NotFound, files.StatusCode);
    }
}
