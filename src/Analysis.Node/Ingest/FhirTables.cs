using Analysis.Contracts;
using Analysis.Fhir;
using Hl7.Fhir.Model;

namespace Analysis.Node.Ingest;

/// <summary>
/// The node's reading of FHIR: Analysis.Fhir's parser and flattener with the node's <see cref="Profile"/>, each
/// flattened resource turned into a row of its raw table. The rules for dates, references and codes are the
/// flattener's (docs/site-data-contract.md, "How the node reads the files"); only what the node requires is its own.
/// </summary>
internal static class FhirTables
{
    /// <summary>
    /// What the node requires: the elements its derived facts are computed from, and full dates, since ages and
    /// follow-up are counted in days and a partial date would have to invent its day (refused rather than guessed; a
    /// site that imputes days does so before export, by its own policy).
    /// </summary>
    public static FhirProfile Profile { get; } = new()
    {
        PartialDates = PartialDates.Refuse,
        Required = new HashSet<string>
        {
            "Patient.gender", "Patient.birthDate",
            "Condition.subject", "Condition.code", "Condition.onset[x]",
            "Observation.subject", "Observation.code", "Observation.effective[x]",
            "Procedure.subject", "Procedure.code",
            "MedicationRequest.subject", "MedicationRequest.medication[x]",
        },
    };

    /// <summary>The resource types the node stores; lines of any other type are skipped unread.</summary>
    public static IReadOnlySet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal) { "Patient", "Condition", "Observation", "Procedure", "MedicationRequest" };

    /// <summary>The table and row of one resource, the row ending with the line itself (the original JSON).</summary>
    /// <exception cref="FormatException">The resource lacks what the node requires (the message names the resource and element).</exception>
    /// <exception cref="ArgumentException">A resource type outside <see cref="Types"/>.</exception>
    public static (TableSpec Table, object?[] Row) Row(FhirLine line)
    {
        var (table, row) = line.Resource switch
        {
            Patient p => Row(FhirFlattener.Row(p, Profile)),
            Condition c => Row(c),
            Observation o => Row(FhirFlattener.Rows(o, Profile)),
            Procedure p => Row(FhirFlattener.Row(p, Profile)),
            MedicationRequest m => Row(FhirFlattener.Row(m, Profile)),
            var other => throw new ArgumentException($"the node does not store {other.TypeName} resources", nameof(line)),
        };
        return (table, [.. row, line.Text.Trim()]);
    }

    private static (TableSpec, object?[]) Row(PatientRow r) => (SiteTables.Patient, [r.Id, r.Sex, r.BirthDate, r.DeceasedDate]);

    private static (TableSpec, object?[]) Row(ProcedureRow r) => (SiteTables.Procedure, [r.Id, r.PatientId, r.Code, r.PerformedDate, r.Status]);

    private static (TableSpec, object?[]) Row(MedicationRequestRow r) =>
        (SiteTables.MedicationRequest, [r.Id, r.PatientId, r.Code, r.AuthoredOn, r.Status, r.Intent]);

    private static (TableSpec, object?[]) Row(Condition condition)
    {
        var r = FhirFlattener.Row(condition, Profile);
        var snomed = FhirFlattener.CodeIn(condition.Code, Snomed.System);
        // ICD-10 codes are upper case by definition; a file's "c50.9" is stored as the C50.9 every filter asks for.
        var icd10 = FhirFlattener.CodeIn(condition.Code, Icd10.System)?.ToUpperInvariant();
        if (snomed is null && icd10 is null)
            throw new FormatException($"Condition/{r.Id}: code has neither a SNOMED CT ({Snomed.System}) nor an ICD-10 ({Icd10.System}) coding");
        return (SiteTables.Condition, [r.Id, r.PatientId, snomed, icd10, r.OnsetDate]);
    }

    private static (TableSpec, object?[]) Row(IReadOnlyList<ObservationRow> rows)
    {
        var r = rows[0];
        // The gene of a variant assessment is its "Gene studied" component: the HGNC id or symbol of a marker gene (any
        // case) gives its symbol, any other gene is kept as the file names it.
        var studied = rows.Skip(1).FirstOrDefault(c => c.Code == Loinc.GeneStudied.Value && (c.ValueCode ?? c.ValueDisplay) is not null);
        var gene = studied is null ? null
            : (MarkerGenes.Find(studied.ValueCode ?? "") ?? MarkerGenes.Find(studied.ValueDisplay ?? ""))?.Symbol() ?? studied.ValueDisplay ?? studied.ValueCode;
        return (SiteTables.Observation, [r.Id, r.PatientId, r.Code, r.ValueCode, r.ValueDisplay, gene, r.EffectiveDate, r.Status]);
    }
}
