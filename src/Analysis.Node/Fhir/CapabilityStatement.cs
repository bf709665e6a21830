using System.Text.Json;

namespace Analysis.Node.Fhir;

/// <summary>The node's minimal R4 CapabilityStatement: what <c>GET /fhir/metadata</c> answers.</summary>
internal static class CapabilityStatement
{
    public static string Build(string baseUrl) => FhirResults.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "CapabilityStatement");
        w.WriteString("status", "active");
        w.WriteString("date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"));
        w.WriteString("kind", "instance");
        w.WriteStartObject("implementation");
        w.WriteString("description", "Analysis site node (read-only; open datasets; token scope 'records')");
        w.WriteString("url", baseUrl.TrimEnd('/'));
        w.WriteEndObject();
        w.WriteString("fhirVersion", "4.0.1");
        Strings(w, "format", ["application/fhir+json", "json"]);
        w.WriteStartArray("rest");
        w.WriteStartObject();
        w.WriteString("mode", "server");
        w.WriteStartArray("resource");
        foreach (var type in FhirResourceType.All) Resource(w, type);
        w.WriteEndArray();
        w.WriteStartArray("operation");
        w.WriteStartObject();
        w.WriteString("name", "export");
        w.WriteString("definition", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Resource(Utf8JsonWriter w, FhirResourceType type)
    {
        w.WriteStartObject();
        w.WriteString("type", type.Name);
        w.WriteStartArray("interaction");
        foreach (var code in new[] { "read", "search-type" })
        {
            w.WriteStartObject();
            w.WriteString("code", code);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("searchParam");
        foreach (var name in FhirSearch.ParametersOf(type))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("type", name switch { "code" => "token", "_id" => "token", _ => "reference" });
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
