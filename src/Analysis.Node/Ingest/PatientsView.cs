using Analysis.Contracts;

namespace Analysis.Node.Ingest;

/// <summary>Builds the derived one-row-per-patient <c>patients</c> table from the raw tables.</summary>
/// <remarks>Rebuilt in full after each ingest rather than patched: the derivation spans several tables,
/// so a patch would have to re-derive the same joins and could drift from this single definition.
/// Every code is the contract's (<see cref="Loinc"/>, <see cref="Snomed"/>, <see cref="MarkerGenes"/>); every column
/// a patient variable is read from carries that variable's wire name.</remarks>
internal static class PatientsView
{
    private static string Receptor(Code loinc, Variable column) =>
        $"max(CASE value_code WHEN '{Snomed.Positive.Value}' THEN 'positive' WHEN '{Snomed.Negative.Value}' THEN 'negative' END) FILTER (WHERE kind = '{loinc.Value}') AS {column.Name}";

    private static string Gene(MarkerGene gene) =>
        $"max(CASE value_code WHEN '{Loinc.Present.Value}' THEN 'present' WHEN '{Loinc.Absent.Value}' THEN 'absent' END) FILTER (WHERE kind = 'gene:{gene.Symbol()}') AS {gene.VariableName()}";

    private static string Staging(Code loinc, Variable column) => $"max(value_code) FILTER (WHERE kind = '{loinc.Value}') AS {column.Name}";

    public static string RebuildSql => $"""
        CREATE OR REPLACE TABLE patients AS
        WITH latest AS (
            SELECT patient_id,
                   CASE WHEN loinc = '{Loinc.GeneticVariantAssessment.Value}' THEN 'gene:' || upper(gene) ELSE loinc END AS kind,
                   arg_max(value_code, effective_date) AS value_code,
                   max(effective_date) AS effective_date
            FROM observation GROUP BY ALL),
        facts AS (
            SELECT patient_id,
                   {Staging(Loinc.StageGroup, Variable.StageGroup)},
                   {Staging(Loinc.TCategory, Variable.T)},
                   {Staging(Loinc.NCategory, Variable.N)},
                   {Staging(Loinc.MCategory, Variable.M)},
                   {Receptor(Loinc.EstrogenReceptor, Variable.Er)}, {Receptor(Loinc.ProgesteroneReceptor, Variable.Pr)}, {Receptor(Loinc.Her2, Variable.Her2)},
                   {string.Join(", ", MarkerGenes.All.Select(Gene))},
                   max(effective_date) FILTER (WHERE kind = '{Loinc.VitalStatus.Value}') AS last_contact,
                   max(CASE value_code WHEN '{Loinc.Deceased.Value}' THEN 1 WHEN '{Loinc.Alive.Value}' THEN 0 END) FILTER (WHERE kind = '{Loinc.VitalStatus.Value}') AS deceased
            FROM latest GROUP BY patient_id),
        dx AS (
            SELECT patient_id, arg_min(snomed, onset_date) AS snomed, arg_min(icd10, onset_date) AS icd10, min(onset_date) AS onset
            FROM condition GROUP BY patient_id),
        person AS (SELECT DISTINCT ON (id) id, sex, birth_date, deceased_date FROM patient)
        SELECT p.id, p.sex, p.birth_date,
               dx.snomed AS diagnosis_snomed, dx.icd10 AS diagnosis_icd10, dx.onset AS diagnosis_date,
               CAST(year(dx.onset) - year(p.birth_date)
                    - CASE WHEN month(dx.onset) * 100 + day(dx.onset) < month(p.birth_date) * 100 + day(p.birth_date) THEN 1 ELSE 0 END
                    AS INTEGER) AS {Variable.AgeAtDiagnosis.Name},
               f.stage_group, f.t, f.n, f.m, f.er, f.pr, f.her2, {string.Join(", ", MarkerGenes.All.Select(g => "f." + g.VariableName()))},
               CAST(date_diff('day', dx.onset, coalesce(f.last_contact, p.deceased_date)) AS INTEGER) AS {Variable.FollowupDays.Name},
               CAST(coalesce(f.deceased, CASE WHEN p.deceased_date IS NOT NULL THEN 1 ELSE 0 END) AS INTEGER) AS {Variable.Event.Name}
        FROM person p
        LEFT JOIN dx ON dx.patient_id = p.id
        LEFT JOIN facts f ON f.patient_id = p.id
        """;
}
