using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Configuration;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Imaging;

/// <summary>Registers the imaging routes: EUCAIM's federated search as <c>GET</c>/<c>POST /api/v1/imaging/search</c>
/// (scope <c>aggregate</c>) and as Beacon v2 <c>GET</c>/<c>POST /api/collections</c> (scope <c>beacon</c>).</summary>
internal static class ImagingEndpoints
{
    public static void Map(WebApplication app, RequestPipeline api, QueryExecutor executor, DisclosureControl control, NodeConfig config)
    {
        var search = new ImagingSearch(executor, control, config.Processing);
        var collections = new ImagingCollections(search, config.BeaconId, config.Name, config.Policy.IsExact);
        app.MapGet("/api/v1/imaging/search", (HttpContext c) => api.Get(c, Scopes.Aggregate, ImagingSearch.FromQueryString, r => search.Search(r)));
        app.MapPost("/api/v1/imaging/search", (HttpContext c) => api.Post<ImagingSearchRequest, ImagingSearchResult>(c, Scopes.Aggregate, r => search.Search(r)));
        app.MapGet("/api/collections", (HttpContext c) => api.Get(c, Scopes.Beacon,
            q => ImagingCollections.FromQueryString(q["filters"]), collections.Answer, ContractJson.Lenient));
        app.MapPost("/api/collections", (HttpContext c) => api.Post<BeaconRequest, BeaconCollectionsResponse>(c, Scopes.Beacon, collections.Answer, ContractJson.Lenient));
    }
}
