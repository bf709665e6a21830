using System.Text;
using System.Text.Json;
using Analysis.Node.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Fhir;

/// <summary>Builds FHIR responses: resources as <c>application/fhir+json</c> and errors as OperationOutcomes.</summary>
internal static class FhirResults
{
    public const string JsonType = "application/fhir+json";
    public const string NdjsonType = "application/fhir+ndjson";

    public static IResult Resource(string json, int status = StatusCodes.Status200OK) =>
        Results.Text(json, JsonType, Encoding.UTF8, status);

    /// <summary>Writes a JSON document with <paramref name="write"/> and serves it as a FHIR resource.</summary>
    public static IResult Resource(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK) =>
        Resource(Write(write), status);

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>An OperationOutcome carrying the refusal's status and reason, so FHIR clients surface it.</summary>
    public static IResult Outcome(RequestException e) => Resource(w =>
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "OperationOutcome");
        w.WriteStartArray("issue");
        w.WriteStartObject();
        w.WriteString("severity", "error");
        w.WriteString("code", IssueCode(e.Status));
        w.WriteString("diagnostics", e.Message);
        if (e.Field is not null)
        {
            w.WriteStartArray("expression");
            w.WriteStringValue(e.Field);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }, e.Status);

    private static string IssueCode(int status) => status switch
    {
        400 => "invalid",
        401 => "login",
        403 => "forbidden",
        404 => "not-found",
        422 => "business-rule",
        503 => "timeout",
        _ => "exception",
    };

    public static RequestException NotFound(string detail) => new(404, "not-found", "Not found", detail);
}
