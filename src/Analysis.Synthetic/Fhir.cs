using System.Globalization;
using System.Text.Json;

namespace Analysis.Synthetic;

/// <summary>Code systems and small JSON shapes shared by the FHIR resources.</summary>
internal static class Fhir
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Loinc = "http://loinc.org";
    public const string Ajcc = "http://cancerstaging.org";
    public const string Hgnc = "http://www.genenames.org/geneId";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string McodeBase = "http://hl7.org/fhir/us/mcode/StructureDefinition/";

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
