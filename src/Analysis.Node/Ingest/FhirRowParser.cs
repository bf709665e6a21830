using System.Globalization;
using System.Text.Json;
using Analysis.Contracts;

namespace Analysis.Node.Ingest;

/// <summary>Turns one FHIR NDJSON line into a row of the matching raw table.</summary>
/// <remarks>Only the fields the data contract names are kept; a required field that is missing is an error,
/// because a silently dropped patient would bias every aggregate the node answers.</remarks>
public static class FhirRowParser
{
    /// <summary>Parses one line.</summary>
    /// <param name="line">The JSON text of one resource.</param>
    /// <returns>The table and row (ending with the line itself, the original JSON), or <c>null</c> for a resource type the node does not store.</returns>
    /// <exception cref="FormatException">The line is not JSON or lacks a required field.</exception>
    public static (TableSpec Table, object?[] Row)? Parse(string line) =>
        Fields(line) is var (table, row) ? (table, [.. row, line.Trim()]) : null;

    private static (TableSpec Table, object?[] Row)? Fields(string line)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON ({e.Message})");
        }
        using (doc)
        {
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object) throw new FormatException("a resource must be a JSON object");
            return Str(r, "resourceType", required: true) switch
            {
                "Patient" => (SiteTables.Patient, [Str(r, "id", true), Str(r, "gender", true), Date(r, "birthDate", true), Date(r, "deceasedDateTime", false)]),
                "Condition" => Condition(r),
                "Observation" => Observation(r),
                "Procedure" => (SiteTables.Procedure,
                    [Str(r, "id", true), Subject(r), FirstCode(r, "code", true), Date(r, "performedDateTime", false), Str(r, "status", false)]),
                "MedicationRequest" => (SiteTables.MedicationRequest,
                    [Str(r, "id", true), Subject(r), FirstCode(r, "medicationCodeableConcept", true), Date(r, "authoredOn", false),
                     Str(r, "status", false), Str(r, "intent", false)]),
                _ => null,
            };
        }
    }

    private static (TableSpec, object?[]) Condition(JsonElement r)
    {
        var codings = Codings(r, "code", true);
        var snomed = codings.FirstOrDefault(c => c.System == CodeSystems.Snomed).Code;
        var icd10 = codings.FirstOrDefault(c => c.System == CodeSystems.Icd10).Code;
        if (snomed is null && icd10 is null) throw new FormatException("code.coding has neither a SNOMED CT nor an ICD-10 code");
        return (SiteTables.Condition, [Str(r, "id", true), Subject(r), snomed, icd10, Date(r, "onsetDateTime", true)]);
    }

    private static (TableSpec, object?[]) Observation(JsonElement r)
    {
        // Every observation the contract names is coded, but a measured one (valueQuantity) is valid FHIR and must not
        // sink its whole file; it is stored without a value code and ignored by the derived facts.
        var value = Codings(r, "valueCodeableConcept", false).FirstOrDefault();
        string? gene = null;
        if (r.TryGetProperty("component", out var components) && components.ValueKind == JsonValueKind.Array)
        {
            foreach (var component in components.EnumerateArray())
            {
                var coding = Codings(component, "valueCodeableConcept", false).FirstOrDefault();
                gene ??= coding.Display ?? coding.Code;
            }
        }
        return (SiteTables.Observation,
            [Str(r, "id", true), Subject(r), FirstCode(r, "code", true), value.Code, value.Display, gene, Date(r, "effectiveDateTime", true), Str(r, "status", false)]);
    }

    private static string Subject(JsonElement r)
    {
        var reference = r.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? Str(s, "reference", false) : null;
        if (reference is null) throw new FormatException("missing required field 'subject.reference'");
        const string prefix = "Patient/";
        return reference.StartsWith(prefix, StringComparison.Ordinal) ? reference[prefix.Length..] : reference;
    }

    private static string? FirstCode(JsonElement r, string name, bool required) => Codings(r, name, required).FirstOrDefault().Code;

    private static List<(string? System, string Code, string? Display)> Codings(JsonElement r, string name, bool required)
    {
        var list = new List<(string?, string, string?)>();
        if (r.TryGetProperty(name, out var concept) && concept.ValueKind == JsonValueKind.Object
            && concept.TryGetProperty("coding", out var codings) && codings.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in codings.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object) continue;
                var code = Str(c, "code", false);
                if (code is not null) list.Add((Str(c, "system", false), code, Str(c, "display", false)));
            }
        }
        if (required && list.Count == 0) throw new FormatException($"missing required field '{name}.coding[].code'");
        return list;
    }

    private static string? Str(JsonElement r, string name, bool required)
    {
        if (r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
        if (required) throw new FormatException($"missing required field '{name}'");
        return null;
    }

    private static DateOnly? Date(JsonElement r, string name, bool required)
    {
        var text = Str(r, name, required);
        if (text is null) return null;
        // FHIR dateTime may carry a time and zone; the contract's facts are day-resolution, so keep the calendar date.
        if (text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new FormatException($"field '{name}' is not a date (YYYY-MM-DD): '{text}'");
    }
}
