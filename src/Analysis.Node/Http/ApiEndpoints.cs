using System.Reflection;
using Analysis.Contracts;
using Analysis.Node.Configuration;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Http;

/// <summary>Registers the aggregate routes of <c>/api/v1</c> (count, crosstab, summary, histogram, risk table, mutation
/// frequencies, info, policy) and the rows of open datasets (<c>records</c>).</summary>
internal static class ApiEndpoints
{
    /// <summary>The version the node's assembly was built as (its informational version, without the commit suffix).</summary>
    public static string NodeVersion { get; } =
        (typeof(ApiEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static void Map(WebApplication app, RequestPipeline api, QueryExecutor executor, Aggregates aggregates, NodeConfig config)
    {
        app.MapPost("/api/v1/count", (HttpContext c) => api.Post<CountRequest, CountResult>(c, Scopes.Aggregate, aggregates.Count));
        app.MapPost("/api/v1/crosstab", (HttpContext c) => api.Post<CrosstabRequest, CrosstabResult>(c, Scopes.Aggregate, aggregates.Crosstab));
        app.MapPost("/api/v1/summary", (HttpContext c) => api.Post<SummaryRequest, SummaryResult>(c, Scopes.Aggregate, aggregates.Summary));
        app.MapPost("/api/v1/histogram", (HttpContext c) => api.Post<HistogramRequest, HistogramResult>(c, Scopes.Aggregate, aggregates.Histogram));
        app.MapPost("/api/v1/survival/risktable", (HttpContext c) => api.Post<RiskTableRequest, RiskTableResult>(c, Scopes.Aggregate, aggregates.RiskTable));
        app.MapGet("/api/v1/info", (HttpContext c) => api.Get(c, Scopes.Aggregate, () => Info(config, aggregates, executor)));
        app.MapGet("/api/v1/policy", (HttpContext c) => api.Get(c, Scopes.Aggregate, () => new SitePolicy(config.Policy, config.Limits, config.Policy.QueryTimeoutSeconds) { Processing = config.Processing }));
        var mutations = new MutationFrequencies(executor, aggregates.Control);
        app.MapPost("/api/v1/mutations/frequency", (HttpContext c) => api.Post<MutationFrequencyRequest, MutationFrequencyResult>(c, Scopes.Aggregate, mutations.Answer));
        app.MapPost("/api/v1/records", (HttpContext c) => api.Post<RecordsRequest, RecordsResult>(c, Scopes.Records, r =>
            config.Open ? aggregates.Records(r) : throw new RequestException(403, "forbidden", "Forbidden", "this dataset is not open; only aggregates are served")));
    }

    /// <summary>The info of a node serving <paramref name="aggregates"/> under the config's policy.</summary>
    private static NodeInfo Info(NodeConfig config, Aggregates aggregates, QueryExecutor executor) =>
        new(config.Name, NodeVersion, config.Open, aggregates.Patients(), config.Policy, [.. Variables.CategoricalNames], [.. Variables.NumericNames],
            Fingerprint(executor))
        {
            Processing = config.Processing,
        };

    /// <summary>The dataset fingerprint from the ingest log (read per request: a re-ingest changes it without a restart).</summary>
    private static DatasetFingerprint Fingerprint(QueryExecutor executor) =>
        DatasetFingerprint.Of(executor.Rows("SELECT file_name, sha256 FROM ingest_log", []).Select(r => ((string)r[0]!, (string)r[1]!)));
}
