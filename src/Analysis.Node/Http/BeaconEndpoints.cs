using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Beacon;
using Analysis.Node.Configuration;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Http;

/// <summary>Registers GA4GH Beacon v2 (<c>/api/info</c>, <c>/api/individuals</c>, <c>/api/g_variants</c>; scope <c>beacon</c>).</summary>
internal static class BeaconEndpoints
{
    public static void Map(WebApplication app, RequestPipeline api, Aggregates aggregates, NodeConfig config)
    {
        var beacon = new BeaconService(aggregates, config.Policy, config.BeaconId, config.Name);
        app.MapGet("/api/info", (HttpContext c) => api.Get(c, Scopes.Beacon, beacon.Info));
        app.MapGet("/api/individuals", (HttpContext c) => api.Get(c, Scopes.Beacon, () =>
            beacon.Individuals(BeaconService.FromQueryString(c.Request.Query["filters"], c.Request.Query["requestedGranularity"]))));
        app.MapPost("/api/individuals", (HttpContext c) => api.Post<BeaconRequest, BeaconResponse>(c, Scopes.Beacon, beacon.Individuals, ContractJson.Lenient));
        app.MapGet("/api/g_variants", (HttpContext c) => api.Get(c, Scopes.Beacon, () => beacon.GenomicVariants(BeaconService.VariantsFromQueryString(c.Request.Query))));
        app.MapPost("/api/g_variants", (HttpContext c) => api.Post<BeaconVariantRequest, BeaconResponse>(c, Scopes.Beacon, beacon.GenomicVariants, ContractJson.Lenient));
    }
}
