using System.Globalization;
using System.Text.Json;
using Analysis.Node.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Fhir;

/// <summary>The FHIR Bulk Data system-level <c>$export</c>: kick-off, status polling, manifest, files and cancellation.</summary>
internal sealed class BulkExport(ExportJobs jobs)
{
    public const string StatusPath = "bulkstatus";
    public const string FilesPath = "bulkfiles";
    private static readonly string[] NdjsonFormats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

    public IResult KickOff(HttpContext context)
    {
        var request = context.Request;
        if (!request.Headers["Prefer"].Any(p => p?.Contains("respond-async", StringComparison.OrdinalIgnoreCase) == true))
            throw RequestException.Invalid("Prefer", "$export runs asynchronously; send 'Prefer: respond-async'");
        if (!request.Headers.Accept.Any(a => a?.Contains(FhirResults.JsonType, StringComparison.OrdinalIgnoreCase) == true))
            throw RequestException.Invalid("Accept", $"$export needs 'Accept: {FhirResults.JsonType}'");
        var types = FhirResourceType.All;
        foreach (var (key, values) in request.Query)
        {
            var value = string.Join(',', values.OfType<string>());
            switch (key)
            {
                case "_type":
                    types = value.Split(',').Select(t => FhirResourceType.Find(t.Trim())
                        ?? throw RequestException.Invalid(key, $"'{t}' is not a resource type this node exports ({string.Join(", ", FhirResourceType.All.Select(x => x.Name))})"))
                        .Distinct().ToList();
                    break;
                case "_outputFormat" when NdjsonFormats.Contains(value):
                    break;
                case "_outputFormat":
                    throw RequestException.Invalid(key, $"only NDJSON is produced ({string.Join(", ", NdjsonFormats)}), not '{value}'");
                default:
                    throw RequestException.Invalid(key, $"unsupported $export parameter '{key}'; supported: _type, _outputFormat");
            }
        }
        ExportJob job;
        try
        {
            // The kick-off URL as the manifest echoes it, on the configured public address, never the client's Host header.
            job = jobs.Start(FhirApi.User(context), $"{Http.PublicAddress.Of(context)}{request.Path.Value!.TrimStart('/')}{request.QueryString}", types);
        }
        catch (RequestException e) when (e.Status == StatusCodes.Status429TooManyRequests)
        {
            // Bulk Data clients retry a 429 after Retry-After; a running export usually frees the slot within minutes.
            context.Response.Headers.RetryAfter = "60";
            throw;
        }
        context.Response.Headers.ContentLocation = $"{FhirApi.BaseUrl(request)}{StatusPath}/{job.Id}";
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    public IResult Status(HttpContext context, string id)
    {
        var job = jobs.Find(id, FhirApi.User(context));
        if (!job.Finished)
        {
            context.Response.Headers.RetryAfter = "1";
            context.Response.Headers["X-Progress"] = $"exported {job.Done} of {job.Types.Count} resource types";
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }
        if (job.Error is not null) throw new RequestException(500, "export-failed", "Export failed", job.Error);
        return Results.Text(Manifest(job, FhirApi.BaseUrl(context.Request)), "application/json");
    }

    public IResult Delete(HttpContext context, string id)
    {
        jobs.Delete(jobs.Find(id, FhirApi.User(context)));
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    public IResult File(HttpContext context, string id, string file)
    {
        var job = jobs.Find(id, FhirApi.User(context));
        // Only names the job wrote are served, so a crafted name cannot reach outside the job's folder.
        var output = job.Finished ? job.Outputs.FirstOrDefault(o => $"{o.Type.Name}.ndjson" == file) : default;
        if (output.Type is null) throw FhirResults.NotFound($"export '{id}' has no file '{file}'");
        return Results.Stream(System.IO.File.OpenRead(job.FilePath(output.Type)), FhirResults.NdjsonType);
    }

    private static string Manifest(ExportJob job, string baseUrl) => FhirResults.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("transactionTime", job.TransactionTime.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        w.WriteString("request", job.Request);
        w.WriteBoolean("requiresAccessToken", true);
        w.WriteStartArray("output");
        foreach (var (type, count) in job.Outputs)
        {
            w.WriteStartObject();
            w.WriteString("type", type.Name);
            w.WriteString("url", $"{baseUrl}{FilesPath}/{job.Id}/{type.Name}.ndjson");
            w.WriteNumber("count", count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("error");
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
