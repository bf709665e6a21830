using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Analysis.Extensions;

/// <summary>
/// A FHIR resource as a summary card: its type and id, its key fields (the first simple
/// values and codings' display texts), and the full JSON (Firely's serializer) in a
/// collapsible <c>details</c> element.
/// </summary>
public static class FhirCard
{
    /// <summary>Fields shown on the card at most.</summary>
    public const int MaxFields = 8;

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector).Pretty();

    /// <summary>The resource as FHIR JSON.</summary>
    public static string Json(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Options);

    /// <summary>The card's HTML.</summary>
    public static string Render(Resource resource)
    {
        var json = Json(resource);
        var html = new StringBuilder("<div class=\"fhir-resource\" style=\"border:1px solid #ccc;border-radius:4px;padding:6px 10px;display:inline-block;min-width:320px\">");
        html.Append("<div><b>").Append(Encode(resource.TypeName)).Append("</b>");
        if (resource.Id is { } id) html.Append(" <code>").Append(Encode(id)).Append("</code>");
        if (resource.Meta?.LastUpdated is { } updated) html.Append(" <small>updated ").Append(Encode(updated.ToString("yyyy-MM-dd HH:mm"))).Append("</small>");
        html.Append("</div><table>");
        foreach (var (name, value) in KeyFields(JsonNode.Parse(json)!.AsObject()))
            html.Append("<tr><th style=\"text-align:left\">").Append(Encode(name)).Append("</th><td style=\"text-align:left\">").Append(Encode(value)).Append("</td></tr>");
        html.Append("</table><details><summary>JSON</summary><pre>").Append(Encode(json)).Append("</pre></details></div>");
        return html.ToString();
    }

    /// <summary>The card's fields: top-level elements other than bookkeeping ones, each as short text.</summary>
    internal static IEnumerable<(string Name, string Value)> KeyFields(JsonObject resource) =>
        resource.Where(p => p.Key is not ("resourceType" or "id" or "meta" or "text" or "contained" or "extension" or "modifierExtension") && !p.Key.StartsWith('_'))
            .Select(p => (p.Key, Value: Summary(p.Value)))
            .Where(p => p.Value.Length > 0)
            .Take(MaxFields);

    private static string Summary(JsonNode? node) => node switch
    {
        JsonValue v => v.ToString(),
        JsonArray a => string.Join("; ", a.Select(Summary).Where(s => s.Length > 0).Take(3)) + (a.Count > 3 ? $"; … ({a.Count})" : ""),
        JsonObject o => ObjectSummary(o),
        _ => "",
    };

    private static string ObjectSummary(JsonObject o)
    {
        // What a reader recognises: a CodeableConcept's text or coding display, a Quantity's value and unit, a Reference.
        if (o["text"] is JsonValue text) return text.ToString();
        if (o["display"] is JsonValue display) return display.ToString();
        if (o["coding"] is JsonArray coding) return Summary(coding);
        if (o["value"] is JsonValue value) return o["unit"] is JsonValue unit ? $"{value} {unit}" : value.ToString();
        if (o["reference"] is JsonValue reference) return reference.ToString();
        if (o["start"] is JsonValue start) return o["end"] is JsonValue end ? $"{start} – {end}" : $"from {start}";
        if (o["family"] is not null || o["given"] is not null) return string.Join(" ", new[] { Summary(o["given"]), Summary(o["family"]) }.Where(s => s.Length > 0));
        return o["code"] is JsonValue code ? code.ToString() : "";
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
