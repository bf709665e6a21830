using System.Net;
using Analysis.Node.Configuration;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Analysis.Node.Http;

/// <summary>The node's HTTP API on Kestrel, bound to 127.0.0.1 only (a reverse proxy terminates TLS in front of it).</summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AuditLog _audit;
    private readonly QueryExecutor _executor;
    private readonly IReadOnlyList<IDisposable> _owned;

    private NodeServer(WebApplication app, AuditLog audit, QueryExecutor executor, Uri address, IReadOnlyList<IDisposable> owned)
    {
        _app = app;
        _audit = audit;
        _executor = executor;
        _owned = owned;
        Address = address;
    }

    /// <summary>The base address the server listens on, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Every route the server answers, as (method, route pattern): what the API documentation must cover.</summary>
    internal IReadOnlyList<(string Method, string Pattern)> Routes =>
        [.. _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))];

    /// <summary>Starts serving an already ingested data folder.</summary>
    /// <param name="dataDirectory">The site's data folder (holds <c>site.duckdb</c>; the audit log is written there).</param>
    /// <param name="config">Tokens and policy.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellation">Cancels start-up.</param>
    /// <returns>The running server.</returns>
    public static async Task<NodeServer> StartAsync(string dataDirectory, NodeConfig config, int port, CancellationToken cancellation = default)
    {
        config.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            // Bodies are bounded by RequestReader so an oversized one gets a 400 naming the limit, not Kestrel's bare 413.
            k.Limits.MaxRequestBodySize = null;
        });
        // The folder holds the database, its write-ahead log, the audit log and exports: owner-only, whatever they were created with.
        FileModes.RestrictDirectoryToOwner(dataDirectory);
        var authenticator = new Authenticator(config.Tokens);
        builder.Services.AddSingleton(new PublicAddress(config.PublicBaseUrl));
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = RequestLimiter.Create(config.Limits, authenticator);
            o.OnRejected = RequestLimiter.OnRejected;
        });
        var app = builder.Build();
        var policy = config.Policy;
        var executor = new QueryExecutor(new SiteDatabase(dataDirectory), TimeSpan.FromSeconds(policy.QueryTimeoutSeconds));
        if (executor.Scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'patients'", []) == 0)
        {
            executor.Dispose();
            throw new InvalidOperationException($"{dataDirectory} has no ingested data; run SiteIngestor (analysis node serve does) first");
        }
        var audit = new AuditLog(dataDirectory);
        var control = OpenDisclosureControl(dataDirectory, executor, policy);
        var aggregates = new Aggregates(executor, control);
        var api = new RequestPipeline(authenticator, TimeSpan.FromSeconds(policy.QueryTimeoutSeconds), config.Limits);

        // Audit outermost, so a request refused by the limits is audited too.
        app.Use(next => AuditMiddleware.Create(audit, h => authenticator.Identify(h)?.User, next));
        app.UseRateLimiter();
        ApiEndpoints.Map(app, api, executor, aggregates, config);
        // One ledger per data folder, shared by the aggregates and the models, so a model's cohort and a count's are
        // held against each other.
        List<IDisposable> owned = [.. ModelEndpoints.Map(app, api, executor, config, dataDirectory, control), control];
        FhirEndpoints.Map(app, api, executor, dataDirectory, config.Open, config.Limits);
        BeaconEndpoints.Map(app, api, aggregates, config);
        Imaging.ImagingEndpoints.Map(app, api, executor, control, config);
        // The description holds no data, so it is served without a token (still audited).
        var openApi = OpenApiDocument.Build().ToJsonString();
        app.MapGet("/openapi.json", (HttpContext c) =>
        {
            if (c.Request.Query.Count == 0) return Results.Text(openApi, "application/json");
            var e = RequestException.Invalid(c.Request.Query.Keys.First(), $"unknown query parameter '{c.Request.Query.Keys.First()}': this route takes no parameters");
            return RequestPipeline.Problem(c, e);
        });

        try
        {
            await app.StartAsync(cancellation);
        }
        catch
        {
            // A taken port must not leave the database and audit log open for the caller's retry.
            await app.DisposeAsync();
            foreach (var o in owned) o.Dispose();
            audit.Dispose();
            executor.Dispose();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NodeServer(app, audit, executor, new Uri(bound.EndsWith('/') ? bound : bound + "/"), owned);
    }

    /// <summary>
    /// The disclosure control of the data folder: in protected mode with the folder's cohort ledger, which belongs to the
    /// ingested data (its fingerprint is every ingested file's name and SHA-256, and the patient count), so re-ingesting
    /// changed data starts a new ledger over the new patients.
    /// </summary>
    private static Disclosure.DisclosureControl OpenDisclosureControl(string dataDirectory, QueryExecutor executor, Contracts.DisclosurePolicy policy)
    {
        if (policy.IsExact) return new(policy, null);
        var patients = executor.Scalar("SELECT count(*) FROM patients", []);
        var files = executor.Rows("SELECT file_name, sha256 FROM ingest_log ORDER BY file_name", []);
        var fingerprint = $"{patients};" + string.Join(";", files.Select(r => $"{r[0]}:{r[1]}"));
        return new(policy, new Disclosure.CohortLedger(dataDirectory, fingerprint, (int)patients, policy.MinCohortDifference));
    }

    /// <summary>Completes when the server stops.</summary>
    /// <param name="cancellation">Stops the server when cancelled (e.g. Ctrl+C).</param>
    /// <returns>A task that ends once the server has stopped.</returns>
    public async Task RunUntilCancelledAsync(CancellationToken cancellation)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.StopAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var o in _owned) o.Dispose();
        _audit.Dispose();
        _executor.Dispose();
    }
}
