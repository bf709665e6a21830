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
    private readonly NdjsonWriter _patients, _conditions, _observations, _procedures, _medications;

    /// <summary>Creates (or truncates) the five files in <paramref name="directory"/>.</summary>
    public FhirNdjsonWriter(string directory, string site)
    {
        _site = site;
        var files = new List<NdjsonWriter>();
        try
        {
            foreach (var type in ResourceTypes) files.Add(new NdjsonWriter(Path.Combine(directory, $"{type}.ndjson")));
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

    private string NextId(NdjsonWriter file, string kind) => $"{_site}-{kind}-{file.Count + 1}";

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
        w.Concept("code", p.Cancer.Snomed().Coding(), p.Cancer.Icd10().Bare());
        w.Subject(p.Id);
        w.Date("onsetDateTime", p.DiagnosisDate);
        _conditions.End();
    }

    private void WriteObservations(SyntheticPatient p)
    {
        var t = p.Tnm;
        Coded(p, p.DiagnosisDate, Loinc.TCategory, (CodeSystems.Ajcc, t.TCode, null));
        Coded(p, p.DiagnosisDate, Loinc.NCategory, (CodeSystems.Ajcc, t.NCode, null));
        Coded(p, p.DiagnosisDate, Loinc.MCategory, (CodeSystems.Ajcc, t.MCode, null));
        Coded(p, p.DiagnosisDate, Loinc.StageGroup, (CodeSystems.Ajcc, t.StageCode, null));

        if (p.Receptors is { } r)
        {
            Coded(p, p.DiagnosisDate, Loinc.EstrogenReceptor, PositiveNegative(r.ER));
            Coded(p, p.DiagnosisDate, Loinc.ProgesteroneReceptor, PositiveNegative(r.PR));
            Coded(p, p.DiagnosisDate, Loinc.Her2, PositiveNegative(r.HER2));
        }

        foreach (var gene in MarkerGenes.All) WriteGeneStatus(p, gene);

        Coded(p, p.LastContact, Loinc.VitalStatus, (p.Deceased ? Loinc.Deceased : Loinc.Alive).Coding());
    }

    private static (string, string, string?) PositiveNegative(bool positive) =>
        (positive ? Snomed.Positive : Snomed.Negative).Coding();

    private Utf8JsonWriter BeginObservation(SyntheticPatient p, DateOnly effective, Code loinc)
    {
        var w = _observations.Begin("Observation", NextId(_observations, "observation"));
        w.WriteString("status", "final");
        w.Concept("code", loinc.Coding());
        w.Subject(p.Id);
        w.Date("effectiveDateTime", effective);
        return w;
    }

    private void Coded(SyntheticPatient p, DateOnly effective, Code loinc, (string System, string Code, string? Display) value)
    {
        var w = BeginObservation(p, effective, loinc);
        w.Concept("valueCodeableConcept", value);
        _observations.End();
    }

    private void WriteGeneStatus(SyntheticPatient p, MarkerGene gene)
    {
        var w = BeginObservation(p, p.DiagnosisDate, Loinc.GeneticVariantAssessment);
        w.Concept("valueCodeableConcept", (p.Has(gene) ? Loinc.Present : Loinc.Absent).Coding());
        w.WriteStartArray("component");
        w.WriteStartObject();
        w.Concept("code", Loinc.GeneStudied.Coding());
        w.Concept("valueCodeableConcept", gene.Code().Coding());
        w.WriteEndObject();
        w.WriteEndArray();
        _observations.End();
    }

    private void WriteProcedure(SyntheticPatient p, ProcedureEvent procedure)
    {
        var w = _procedures.Begin("Procedure", NextId(_procedures, "procedure"));
        w.WriteString("status", "completed");
        w.Concept("code", procedure.Kind.Snomed().Coding());
        w.Subject(p.Id);
        w.Date("performedDateTime", procedure.Date);
        _procedures.End();
    }

    private void WriteMedication(SyntheticPatient p, MedicationOrder order)
    {
        var w = _medications.Begin("MedicationRequest", NextId(_medications, "medicationrequest"));
        w.WriteString("status", order.Active ? "active" : "completed");
        w.WriteString("intent", "order");
        w.Concept("medicationCodeableConcept", order.Drug.RxNorm().Coding());
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
