using System.Net;
using Analysis.Node.Beacon;
using Analysis.Node.Configuration;
using Analysis.Node.Fhir;
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

    private NodeServer(WebApplication app, AuditLog audit, QueryExecutor executor, Uri address)
    {
        _app = app;
        _audit = audit;
        _executor = executor;
        Address = address;
    }

    /// <summary>The base address the server listens on, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Address { get; }

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
        var app = builder.Build();
        var policy = config.Policy;
        var executor = new QueryExecutor(new SiteDatabase(dataDirectory), TimeSpan.FromSeconds(policy.QueryTimeoutSeconds));
        if (executor.Scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'patients'", []) == 0)
        {
            executor.Dispose();
            throw new InvalidOperationException($"{dataDirectory} has no ingested data; run SiteIngestor (analysis node serve does) first");
        }
        var audit = new AuditLog(dataDirectory);
        var aggregates = new Aggregates(executor, policy);
        var api = new NodeApi(new Authenticator(config.Tokens));

        app.Use(next => NodeApi.Audit(audit, next));
        MapAggregates(app, api, aggregates);
        Models.ModelEndpoints.Map(app, api, executor, policy);
        app.MapPost("/api/v1/records", (HttpContext c) => api.Post<RecordsRequest, RecordsResult>(c, Scopes.Records, r =>
            config.Open ? aggregates.Records(r) : throw new RequestException(403, "forbidden", "Forbidden", "this dataset is not open; only aggregates are served")));

        FhirEndpoints.Map(app, api, executor, dataDirectory, config.Open);

        // The description holds no data, so it is served without a token (still audited).
        var openApi = OpenApiDocument.Build().ToJsonString();
        app.MapGet("/openapi.json", () => Results.Text(openApi, "application/json"));

        var beacon = new BeaconService(aggregates, policy, config.BeaconId, config.Name);
        app.MapGet("/api/info", (HttpContext c) => api.Get(c, Scopes.Beacon, beacon.Info));
        app.MapGet("/api/individuals", (HttpContext c) => api.Get(c, Scopes.Beacon, () =>
            beacon.Individuals(BeaconService.FromQueryString(c.Request.Query["filters"], c.Request.Query["requestedGranularity"]))));
        app.MapPost("/api/individuals", (HttpContext c) => api.Post<BeaconRequest, BeaconResponse>(c, Scopes.Beacon, beacon.Individuals, RequestReader.LenientOptions));
        app.MapGet("/api/g_variants", (HttpContext c) => api.Get(c, Scopes.Beacon, () => beacon.GenomicVariants(BeaconService.VariantsFromQueryString(c.Request.Query))));
        app.MapPost("/api/g_variants", (HttpContext c) => api.Post<BeaconVariantRequest, BeaconResponse>(c, Scopes.Beacon, beacon.GenomicVariants, RequestReader.LenientOptions));

        try
        {
            await app.StartAsync(cancellation);
        }
        catch
        {
            // A taken port must not leave the database and audit log open for the caller's retry.
            await app.DisposeAsync();
            audit.Dispose();
            executor.Dispose();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NodeServer(app, audit, executor, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    private static void MapAggregates(WebApplication app, NodeApi api, Aggregates aggregates)
    {
        app.MapPost("/api/v1/count", (HttpContext c) => api.Post<CountRequest, CountResult>(c, Scopes.Aggregate, aggregates.Count));
        app.MapPost("/api/v1/crosstab", (HttpContext c) => api.Post<CrosstabRequest, CrosstabResult>(c, Scopes.Aggregate, aggregates.Crosstab));
        app.MapPost("/api/v1/summary", (HttpContext c) => api.Post<SummaryRequest, SummaryResult>(c, Scopes.Aggregate, aggregates.Summary));
        app.MapPost("/api/v1/histogram", (HttpContext c) => api.Post<HistogramRequest, HistogramResult>(c, Scopes.Aggregate, aggregates.Histogram));
        app.MapPost("/api/v1/survival/risktable", (HttpContext c) => api.Post<RiskTableRequest, RiskTableResult>(c, Scopes.Aggregate, aggregates.RiskTable));
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
        _audit.Dispose();
        _executor.Dispose();
    }
}
