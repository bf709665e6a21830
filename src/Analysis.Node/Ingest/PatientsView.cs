using Analysis.Contracts;

namespace Analysis.Node.Ingest;

/// <summary>Builds the derived one-row-per-patient <c>patients</c> table from the raw tables.</summary>
/// <remarks>Rebuilt in full after each ingest rather than patched: the derivation spans several tables,
/// so a patch would have to re-derive the same joins and could drift from this single definition.</remarks>
internal static class PatientsView
{
    private static string Receptor(string loinc, string column) =>
        $"max(CASE value_code WHEN '10828004' THEN 'positive' WHEN '260385009' THEN 'negative' END) FILTER (WHERE kind = '{loinc}') AS {column}";

    private static string Gene(string symbol, string column) =>
        $"max(CASE value_code WHEN 'LA9633-4' THEN 'present' WHEN 'LA9634-2' THEN 'absent' END) FILTER (WHERE kind = 'gene:{symbol}') AS {column}";

    public static string RebuildSql => $"""
        CREATE OR REPLACE TABLE patients AS
        WITH latest AS (
            SELECT patient_id,
                   CASE WHEN loinc = '69548-6' THEN 'gene:' || upper(gene) ELSE loinc END AS kind,
                   arg_max(value_code, effective_date) AS value_code,
                   max(effective_date) AS effective_date
            FROM observation GROUP BY ALL),
        facts AS (
            SELECT patient_id,
                   max(value_code) FILTER (WHERE kind = '21908-9') AS stage_group,
                   max(value_code) FILTER (WHERE kind = '21905-5') AS t,
                   max(value_code) FILTER (WHERE kind = '21906-3') AS n,
                   max(value_code) FILTER (WHERE kind = '21907-1') AS m,
                   {Receptor("85337-4", "er")}, {Receptor("85339-0", "pr")}, {Receptor("85319-2", "her2")},
                   {string.Join(", ", MarkerGenes.All.Select(g => Gene(g.Symbol(), g.VariableName())))},
                   max(effective_date) FILTER (WHERE kind = '75186-7') AS last_contact,
                   max(CASE value_code WHEN 'LA18977-1' THEN 1 WHEN 'LA18976-3' THEN 0 END) FILTER (WHERE kind = '75186-7') AS deceased
            FROM latest GROUP BY patient_id),
        dx AS (
            SELECT patient_id, arg_min(snomed, onset_date) AS snomed, arg_min(icd10, onset_date) AS icd10, min(onset_date) AS onset
            FROM condition GROUP BY patient_id),
        person AS (SELECT DISTINCT ON (id) id, sex, birth_date, deceased_date FROM patient)
        SELECT p.id, p.sex, p.birth_date,
               dx.snomed AS diagnosis_snomed, dx.icd10 AS diagnosis_icd10, dx.onset AS diagnosis_date,
               CAST(year(dx.onset) - year(p.birth_date)
                    - CASE WHEN month(dx.onset) * 100 + day(dx.onset) < month(p.birth_date) * 100 + day(p.birth_date) THEN 1 ELSE 0 END
                    AS INTEGER) AS age_at_diagnosis,
               f.stage_group, f.t, f.n, f.m, f.er, f.pr, f.her2, {string.Join(", ", MarkerGenes.All.Select(g => "f." + g.VariableName()))},
               CAST(date_diff('day', dx.onset, coalesce(f.last_contact, p.deceased_date)) AS INTEGER) AS followup_days,
               CAST(coalesce(f.deceased, CASE WHEN p.deceased_date IS NOT NULL THEN 1 ELSE 0 END) AS INTEGER) AS event
        FROM person p
        LEFT JOIN dx ON dx.patient_id = p.id
        LEFT JOIN facts f ON f.patient_id = p.id
        """;
}
