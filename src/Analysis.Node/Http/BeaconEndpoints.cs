using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Beacon;
using Analysis.Node.Configuration;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Http;

/// <summary>Registers GA4GH Beacon v2: the informational routes (<c>/api/info</c>, <c>/api/service-info</c>,
/// <c>/api/configuration</c>, <c>/api/map</c>) without a token, as the specification expects, and the queries
/// (<c>/api/individuals</c>, <c>/api/g_variants</c>) behind the <c>beacon</c> scope. All of them are audited.</summary>
internal static class BeaconEndpoints
{
    public static void Map(WebApplication app, RequestPipeline api, Aggregates aggregates, NodeConfig config)
    {
        var beacon = new BeaconService(aggregates, config.Policy, config.BeaconId, config.Name);
        var framework = new BeaconFramework(config.BeaconId, config.Name, ApiEndpoints.NodeVersion);
        // Informational: what the beacon is and where to ask; no data, so no token (scope null).
        app.MapGet("/api/info", (HttpContext c) => api.Get(c, null, beacon.Info));
        app.MapGet("/api/service-info", (HttpContext c) => api.Get(c, null, () => framework.ServiceInfo(PublicAddress.Of(c))));
        app.MapGet("/api/configuration", (HttpContext c) => api.Get(c, null, framework.Configuration));
        app.MapGet("/api/map", (HttpContext c) => api.Get(c, null, () => framework.Map(PublicAddress.Of(c))));
        app.MapGet("/api/individuals", (HttpContext c) => api.Get(c, Scopes.Beacon,
            q =>
            {
                RequestPipeline.OnlyParameters(q, "filters", "requestedGranularity");
                return BeaconService.FromQueryString(q["filters"], q["requestedGranularity"]);
            }, beacon.Individuals, ContractJson.Lenient));
        app.MapPost("/api/individuals", (HttpContext c) => api.Post<BeaconRequest, BeaconResponse>(c, Scopes.Beacon, beacon.Individuals, ContractJson.Lenient));
        app.MapGet("/api/g_variants", (HttpContext c) => api.Get(c, Scopes.Beacon, BeaconService.VariantsFromQueryString, beacon.GenomicVariants, ContractJson.Lenient));
        app.MapPost("/api/g_variants", (HttpContext c) => api.Post<BeaconVariantRequest, BeaconResponse>(c, Scopes.Beacon, beacon.GenomicVariants, ContractJson.Lenient));
    }
}
