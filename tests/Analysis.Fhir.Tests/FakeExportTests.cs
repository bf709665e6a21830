using System.Collections.Concurrent;
using System.Net;
using Analysis.Federation.Tests;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Fhir.Tests;

/// <summary>Export faults a real node does not produce, injected by a fake FHIR server on 127.0.0.1.</summary>
public sealed class FakeExportTests
{
    private static readonly FhirSourceOptions Fast = new() { PollInitialDelay = TimeSpan.FromMilliseconds(10), PollMaxDelay = TimeSpan.FromMilliseconds(40) };

    /// <summary>A fake Bulk Data server: kick-off at /fhir/$export, status at /status, and whatever <paramref name="status"/> answers there.</summary>
    private sealed class FakeBulkServer : IAsyncDisposable
    {
        public ConcurrentQueue<string> Requests { get; } = new();
        public FakeSite Site { get; }

        public FakeBulkServer(Func<HttpListenerContext, int, Task> status, Func<HttpListenerContext, Task>? file = null)
        {
            var polls = 0;
            Site = new FakeSite(async (c, _) =>
            {
                var path = c.Request.Url!.AbsolutePath;
                Requests.Enqueue($"{c.Request.HttpMethod} {path} {c.Request.Headers["Authorization"]}");
                if (path == "/fhir/$export")
                {
                    c.Response.StatusCode = 202;
                    c.Response.Headers["Content-Location"] = $"{Site!.Url}status";
                }
                else if (path == "/status" && c.Request.HttpMethod == "DELETE") c.Response.StatusCode = 202;
                else if (path == "/status") await status(c, Interlocked.Increment(ref polls));
                else if (file is not null) await file(c);
                else c.Response.StatusCode = 404;
            });
        }

        public Uri Base => new($"{Site.Url}fhir/");

        public ValueTask DisposeAsync() => Site.DisposeAsync();
    }

    private static Task Manifest(HttpListenerContext c, string url, bool token = true) => FakeSite.Write(c, 200, "application/json",
        $$"""{"transactionTime":"2026-01-01T00:00:00Z","request":"x","requiresAccessToken":{{(token ? "true" : "false")}},"output":[{"type":"Patient","url":"{{url}}","count":2}],"error":[]}""");

    private static Task Running(HttpListenerContext c, string? retryAfter = null)
    {
        c.Response.StatusCode = 202;
        c.Response.Headers["X-Progress"] = "busy";
        if (retryAfter is not null) c.Response.Headers["Retry-After"] = retryAfter;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Malformed_ndjson_names_the_url_and_the_line()
    {
        await using var server = new FakeBulkServer(
            (c, _) => Manifest(c, "http://127.0.0.1:" + c.Request.Url!.Port + "/files/Patient.ndjson"),
            c => FakeSite.Write(c, 200, "application/fhir+ndjson", "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\n{\"resourceType\":\"Patient\",\"id\":\"b\",\"gender\":\n"));
        using var fhir = new FhirSource(server.Base, "secret", Fast);

        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync());
        Assert.Equal(3, e.Line);
        Assert.Contains("/files/Patient.ndjson line 3", e.Message);
        Assert.EndsWith("/files/Patient.ndjson", e.Url!.AbsoluteUri);
        Assert.Contains(server.Requests, r => r.StartsWith("DELETE /status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resource_of_another_type_in_a_file_names_the_line()
    {
        await using var server = new FakeBulkServer(
            (c, _) => Manifest(c, "http://127.0.0.1:" + c.Request.Url!.Port + "/files/Patient.ndjson"),
            c => FakeSite.Write(c, 200, "application/fhir+ndjson", "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{\"resourceType\":\"Condition\",\"id\":\"c\",\"subject\":{\"reference\":\"Patient/a\"}}\n"));
        using var fhir = new FhirSource(server.Base, "secret", Fast);
        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync());
        Assert.Contains("line 2: a Condition in the Patient file", e.Message);
    }

    [Fact]
    public async Task The_token_goes_to_files_only_when_the_manifest_requires_it()
    {
        foreach (var required in new[] { true, false })
        {
            await using var server = new FakeBulkServer(
                (c, _) => Manifest(c, "http://127.0.0.1:" + c.Request.Url!.Port + "/files/Patient.ndjson", required),
                c => FakeSite.Write(c, 200, "application/fhir+ndjson", "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n"));
            using var fhir = new FhirSource(server.Base, "secret", Fast);
            var export = await fhir.ExportAsync();
            Assert.Equal("a", Assert.Single(export.Resources["Patient"]).Id);
            var file = Assert.Single(server.Requests, r => r.StartsWith("GET /files/", StringComparison.Ordinal));
            Assert.Equal(required, file.EndsWith("Bearer secret", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_operation_outcome_error_carries_its_diagnostics_and_status()
    {
        await using var server = new FakeBulkServer((c, _) => FakeSite.Write(c, 500, "application/fhir+json",
            """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"disk full while writing Observation"}]}"""));
        using var fhir = new FhirSource(server.Base, "secret", Fast);

        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, e.Status);
        Assert.Equal(["disk full while writing Observation"], e.Issues);
        Assert.Contains("export status", e.Message);
        Assert.Contains("HTTP 500", e.Message);
        Assert.Contains("disk full while writing Observation", e.Message);
    }

    [Fact]
    public async Task Polling_backs_off_exponentially_and_honours_retry_after()
    {
        await using var server = new FakeBulkServer(async (c, poll) =>
        {
            if (poll == 2) await Running(c, retryAfter: "1");
            else if (poll < 6) await Running(c);
            else await Manifest(c, "http://127.0.0.1:" + c.Request.Url!.Port + "/files/Patient.ndjson");
        }, c => FakeSite.Write(c, 200, "application/fhir+ndjson", ""));
        using var fhir = new FhirSource(server.Base, "secret", Fast);
        var progress = new ProgressLog();
        await fhir.ExportAsync(progress: progress);

        var waits = progress.Reports.Where(r => !r.Complete).Select(r => r.NextPollIn.TotalMilliseconds).ToList();
        // 10 ms doubling to the 40 ms cap; the server's Retry-After (1 s) wins over a shorter back-off.
        Assert.Equal([10, 1000, 40, 40, 40], waits);
        Assert.All(progress.Reports.Where(r => !r.Complete), r => Assert.Equal("busy", r.Progress));
    }

    [Fact]
    public async Task Cancelling_while_the_export_runs_sends_delete_to_the_status_url()
    {
        await using var server = new FakeBulkServer((c, _) => Running(c));
        using var fhir = new FhirSource(server.Base, "secret", Fast);
        using var cancel = new CancellationTokenSource();
        var progress = new ProgressLog(r => { if (r.Polls == 3) cancel.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fhir.ExportAsync(progress: progress, cancellationToken: cancel.Token));
        Assert.Equal("DELETE /status Bearer secret", server.Requests.Last());
        Assert.Equal(3, server.Requests.Count(r => r.StartsWith("GET /status", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_export_that_never_finishes_is_given_up_after_max_wait()
    {
        await using var server = new FakeBulkServer((c, _) => Running(c));
        using var fhir = new FhirSource(server.Base, "secret", Fast with { MaxExportWait = TimeSpan.FromMilliseconds(150) });
        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync());
        Assert.Contains("MaxExportWait", e.Message);
        Assert.StartsWith("DELETE /status", server.Requests.Last());
    }

    [Fact]
    public async Task A_manifest_without_output_names_the_member()
    {
        await using var server = new FakeBulkServer((c, _) => FakeSite.Write(c, 200, "application/json", """{"transactionTime":"2026-01-01T00:00:00Z","output":[{"type":"Patient"}]}"""));
        using var fhir = new FhirSource(server.Base, "secret", Fast);
        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync());
        Assert.Contains("output[0].url", e.Message);
        Assert.Contains("/status", e.Message);
    }
}
