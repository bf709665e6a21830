using System.Globalization;
using System.Text.Json;

namespace Analysis.Synthetic;

/// <summary>Small JSON shapes shared by the FHIR resources; the codes and their systems are the contract's (<see cref="Code"/>).</summary>
internal static class Fhir
{
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string McodeBase = "http://hl7.org/fhir/us/mcode/StructureDefinition/";

    /// <summary>Starts a resource on its own NDJSON line with its resourceType and id, and returns the writer for the rest.</summary>
    public static Utf8JsonWriter Begin(this NdjsonWriter file, string resourceType, string id)
    {
        var w = file.Json;
        w.WriteStartObject();
        w.WriteString("resourceType", resourceType);
        w.WriteString("id", id);
        return w;
    }

    /// <summary>Closes the resource begun by <see cref="Begin"/> and ends its line.</summary>
    public static void End(this NdjsonWriter file)
    {
        file.Json.WriteEndObject();
        file.EndLine();
    }

    public static void Date(this Utf8JsonWriter w, string name, DateOnly date)
    {
        Span<char> buffer = stackalloc char[10];
        date.TryFormat(buffer, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        w.WriteString(name, buffer);
    }

    public static void Profile(this Utf8JsonWriter w, string mcodeProfile)
    {
        w.WriteStartObject("meta");
        w.WriteStartArray("profile");
        w.WriteStringValue(McodeBase + mcodeProfile);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Subject(this Utf8JsonWriter w, string patientId)
    {
        w.WriteStartObject("subject");
        w.WriteString("reference", $"Patient/{patientId}");
        w.WriteEndObject();
    }

    /// <summary>The coding of <paramref name="code"/> with its display.</summary>
    public static (string System, string Code, string? Display) Coding(this Code code) => (code.System, code.Value, code.Display);

    /// <summary>The coding of <paramref name="code"/> without a display (the contract writes ICD-10 and AJCC codings bare).</summary>
    public static (string System, string Code, string? Display) Bare(this Code code) => (code.System, code.Value, null);

    /// <summary>Writes <c>"name": {"coding": [...]}</c> with one coding per (system, code, display).</summary>
    public static void Concept(this Utf8JsonWriter w, string name, params ReadOnlySpan<(string System, string Code, string? Display)> codings)
    {
        w.WriteStartObject(name);
        w.Codings(codings);
        w.WriteEndObject();
    }

    /// <summary>Writes a CodeableConcept as an array element.</summary>
    public static void ConceptValue(this Utf8JsonWriter w, params ReadOnlySpan<(string System, string Code, string? Display)> codings)
    {
        w.WriteStartObject();
        w.Codings(codings);
        w.WriteEndObject();
    }

    private static void Codings(this Utf8JsonWriter w, ReadOnlySpan<(string System, string Code, string? Display)> codings)
    {
        w.WriteStartArray("coding");
        foreach (var (system, code, display) in codings)
        {
            w.WriteStartObject();
            w.WriteString("system", system);
            w.WriteString("code", code);
            if (display is not null) w.WriteString("display", display);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
