using Analysis.Node.Fhir;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Analysis.Node.Http;

/// <summary>FHIR R4 read, search and Bulk Data export under <c>/fhir</c>, for open datasets and tokens with the <c>records</c> scope.</summary>
internal static class FhirEndpoints
{
    /// <summary>Registers the FHIR routes.</summary>
    /// <param name="app">The application.</param>
    /// <param name="api">The node's request pipeline (authentication and audit fields).</param>
    /// <param name="executor">Runs the read and search queries under the policy's timeout.</param>
    /// <param name="dataDirectory">The site's data folder; exports are written under its <c>exports/</c>.</param>
    /// <param name="open">Whether the dataset is open; when not, every route but <c>metadata</c> answers 403.</param>
    /// <param name="limits">The export quota per user and the retention of finished exports.</param>
    public static void Map(WebApplication app, RequestPipeline api, QueryExecutor executor, string dataDirectory, bool open, Analysis.Contracts.RequestLimits limits)
    {
        var fhir = new FhirApi(api, open);
        var store = new FhirStore(executor, new SiteDatabase(dataDirectory));
        var jobs = new ExportJobs(store, Path.GetFullPath(dataDirectory), limits);
        // Running exports must stop before the server disposes the database under them.
        app.Lifetime.ApplicationStopping.Register(jobs.Dispose);
        var export = new BulkExport(jobs);

        // Like /openapi.json, the CapabilityStatement describes the API and holds no data, so it needs no token.
        app.MapGet("/fhir/metadata", (HttpContext c) => c.Request.Query.Count > 0
            ? FhirResults.Outcome(RequestException.Invalid(c.Request.Query.Keys.First(), $"unknown query parameter '{c.Request.Query.Keys.First()}': metadata takes no parameters"))
            : FhirResults.Resource(CapabilityStatement.Build(FhirApi.BaseUrl(c.Request))));
        app.MapGet("/fhir/$export", (HttpContext c) => fhir.Handle(c, () => export.KickOff(c)));
        app.MapGet($"/fhir/{BulkExport.StatusPath}/{{id}}", (HttpContext c, string id) => fhir.Handle(c, () => NoParameters(c, () => export.Status(c, id))));
        app.MapDelete($"/fhir/{BulkExport.StatusPath}/{{id}}", (HttpContext c, string id) => fhir.Handle(c, () => NoParameters(c, () => export.Delete(c, id))));
        app.MapGet($"/fhir/{BulkExport.FilesPath}/{{id}}/{{file}}", (HttpContext c, string id, string file) => fhir.Handle(c, () => NoParameters(c, () => export.File(c, id, file))));
        app.MapGet("/fhir/{type}", (HttpContext c, string type) => fhir.Handle(c, () =>
        {
            var search = FhirSearch.Parse(TypeOf(type), c.Request.Query, api.Limits.MaxListLength);
            var (total, page) = store.Search(search, c.RequestAborted);
            return FhirResults.Resource(FhirStore.Bundle(search, total, page, FhirApi.BaseUrl(c.Request)));
        }));
        app.MapGet("/fhir/{type}/{id}", (HttpContext c, string type, string id) => fhir.Handle(c, () =>
        {
            var resourceType = TypeOf(type);
            if (c.Request.Query.Count > 0) throw RequestException.Invalid(c.Request.Query.Keys.First(), "a read takes no parameters");
            return FhirResults.Resource(store.Read(resourceType, id));
        }));
    }

    private static IResult NoParameters(HttpContext context, Func<IResult> answer)
    {
        RequestPipeline.OnlyParameters(context.Request.Query);
        return answer();
    }

    private static FhirResourceType TypeOf(string name) => FhirResourceType.Find(name)
        ?? throw FhirResults.NotFound($"resource type '{name}' is not served here; supported: {string.Join(", ", FhirResourceType.All.Select(t => t.Name))}");
}
