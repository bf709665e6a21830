using System.Text.Json;

namespace Analysis.Synthetic;

/// <summary>
/// Writes patients as FHIR R4 Bulk Data NDJSON, one file per resource type, following
/// docs/site-data-contract.md. Streams: each patient is written and forgotten.
/// </summary>
public sealed class FhirNdjsonWriter : IDisposable
{
    /// <summary>The resource types written, which are also the file names without <c>.ndjson</c>.</summary>
    public static IReadOnlyList<string> ResourceTypes { get; } = ["Patient", "Condition", "Observation", "Procedure", "MedicationRequest"];

    private readonly string _site;
    private readonly NdjsonFile _patients, _conditions, _observations, _procedures, _medications;

    /// <summary>Creates (or truncates) the five files in <paramref name="directory"/>.</summary>
    public FhirNdjsonWriter(string directory, string site)
    {
        _site = site;
        var files = new List<NdjsonFile>();
        try
        {
            foreach (var type in ResourceTypes) files.Add(new NdjsonFile(Path.Combine(directory, $"{type}.ndjson")));
        }
        catch
        {
            foreach (var f in files) f.Dispose();
            throw;
        }
        (_patients, _conditions, _observations, _procedures, _medications) = (files[0], files[1], files[2], files[3], files[4]);
    }

    /// <summary>Resources written so far, per resource type.</summary>
    public IReadOnlyDictionary<string, int> Counts => new Dictionary<string, int>
    {
        ["Patient"] = _patients.Count,
        ["Condition"] = _conditions.Count,
        ["Observation"] = _observations.Count,
        ["Procedure"] = _procedures.Count,
        ["MedicationRequest"] = _medications.Count,
    };

    /// <summary>Writes every resource of one patient.</summary>
    public void Write(SyntheticPatient p)
    {
        WritePatient(p);
        WriteCondition(p);
        WriteObservations(p);
        foreach (var procedure in p.Procedures) WriteProcedure(p, procedure);
        foreach (var order in p.Medications) WriteMedication(p, order);
    }

    private string NextId(NdjsonFile file, string kind) => $"{_site}-{kind}-{file.Count + 1}";

    private void WritePatient(SyntheticPatient p)
    {
        var w = _patients.Begin("Patient", p.Id);
        w.Profile("mcode-cancer-patient");
        w.WriteString("gender", p.Female ? "female" : "male");
        w.Date("birthDate", p.BirthDate);
        if (p.Deceased) w.Date("deceasedDateTime", p.LastContact);
        _patients.End();
    }

    private void WriteCondition(SyntheticPatient p)
    {
        var w = _conditions.Begin("Condition", NextId(_conditions, "condition"));
        w.Profile("mcode-primary-cancer-condition");
        w.WriteStartArray("category");
        w.ConceptValue((Fhir.ConditionCategory, "problem-list-item", "Problem List Item"));
        w.WriteEndArray();
        var (snomed, display) = p.Cancer.Snomed();
        w.Concept("code", (Fhir.Snomed, snomed, display), (Fhir.Icd10, p.Cancer.Icd10(), null));
        w.Subject(p.Id);
        w.Date("onsetDateTime", p.DiagnosisDate);
        _conditions.End();
    }

    private void WriteObservations(SyntheticPatient p)
    {
        var t = p.Tnm;
        Coded(p, p.DiagnosisDate, ("21905-5", "Primary tumor.clinical [Class] Cancer"), (Fhir.Ajcc, t.TCode, null));
        Coded(p, p.DiagnosisDate, ("21906-3", "Regional lymph nodes.clinical [Class] Cancer"), (Fhir.Ajcc, t.NCode, null));
        Coded(p, p.DiagnosisDate, ("21907-1", "Distant metastases.clinical [Class] Cancer"), (Fhir.Ajcc, t.MCode, null));
        Coded(p, p.DiagnosisDate, ("21908-9", "Stage group.clinical Cancer"), (Fhir.Ajcc, t.StageCode, null));

        if (p.Receptors is { } r)
        {
            Coded(p, p.DiagnosisDate, ("85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen"), PositiveNegative(r.ER));
            Coded(p, p.DiagnosisDate, ("85339-0", "Progesterone receptor Ag [Presence] in Breast cancer specimen"), PositiveNegative(r.PR));
            Coded(p, p.DiagnosisDate, ("85319-2", "HER2 [Presence] in Breast cancer specimen"), PositiveNegative(r.HER2));
        }

        foreach (var gene in Codes.Genes) WriteGeneStatus(p, gene);

        Coded(p, p.LastContact, ("75186-7", "Vital status"),
            p.Deceased ? (Fhir.Loinc, "LA18977-1", "Deceased") : (Fhir.Loinc, "LA18976-3", "Alive"));
    }

    private static (string, string, string?) PositiveNegative(bool positive) =>
        positive ? (Fhir.Snomed, "10828004", "Positive") : (Fhir.Snomed, "260385009", "Negative");

    private Utf8JsonWriter BeginObservation(SyntheticPatient p, DateOnly effective, (string Code, string Display) loinc)
    {
        var w = _observations.Begin("Observation", NextId(_observations, "observation"));
        w.WriteString("status", "final");
        w.Concept("code", (Fhir.Loinc, loinc.Code, loinc.Display));
        w.Subject(p.Id);
        w.Date("effectiveDateTime", effective);
        return w;
    }

    private void Coded(SyntheticPatient p, DateOnly effective, (string Code, string Display) loinc, (string System, string Code, string? Display) value)
    {
        var w = BeginObservation(p, effective, loinc);
        w.Concept("valueCodeableConcept", value);
        _observations.End();
    }

    private void WriteGeneStatus(SyntheticPatient p, Gene gene)
    {
        var w = BeginObservation(p, p.DiagnosisDate, ("69548-6", "Genetic variant assessment"));
        w.Concept("valueCodeableConcept", p.Has(gene) ? (Fhir.Loinc, "LA9633-4", "Present") : (Fhir.Loinc, "LA9634-2", "Absent"));
        w.WriteStartArray("component");
        w.WriteStartObject();
        w.Concept("code", (Fhir.Loinc, "48018-6", "Gene studied [ID]"));
        w.Concept("valueCodeableConcept", (Fhir.Hgnc, gene.Hgnc(), gene.ToString()));
        w.WriteEndObject();
        w.WriteEndArray();
        _observations.End();
    }

    private void WriteProcedure(SyntheticPatient p, ProcedureEvent procedure)
    {
        var w = _procedures.Begin("Procedure", NextId(_procedures, "procedure"));
        w.WriteString("status", "completed");
        var (code, display) = procedure.Kind.Snomed();
        w.Concept("code", (Fhir.Snomed, code, display));
        w.Subject(p.Id);
        w.Date("performedDateTime", procedure.Date);
        _procedures.End();
    }

    private void WriteMedication(SyntheticPatient p, MedicationOrder order)
    {
        var w = _medications.Begin("MedicationRequest", NextId(_medications, "medicationrequest"));
        w.WriteString("status", order.Active ? "active" : "completed");
        w.WriteString("intent", "order");
        var (code, display) = order.Drug.RxNorm();
        w.Concept("medicationCodeableConcept", (Fhir.RxNorm, code, display));
        w.Subject(p.Id);
        w.Date("authoredOn", order.AuthoredOn);
        _medications.End();
    }

    /// <summary>Flushes and closes the files.</summary>
    public void Dispose()
    {
        _patients.Dispose();
        _conditions.Dispose();
        _observations.Dispose();
        _procedures.Dispose();
        _medications.Dispose();
    }
}
