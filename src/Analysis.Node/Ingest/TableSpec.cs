namespace Analysis.Node.Ingest;

/// <summary>A raw table the ingestor fills: its name and its columns in insertion order.</summary>
/// <param name="Name">The DuckDB table name.</param>
/// <param name="Columns">Column names and DuckDB types, in the order rows supply values.</param>
public sealed record TableSpec(string Name, IReadOnlyList<(string Name, string Type)> Columns)
{
    /// <summary>The column holding a resource's original JSON, so the FHIR API can serve it exactly as ingested.</summary>
    public const string ResourceColumn = "resource";

    /// <summary>True for the tables of FHIR resources, whose rows end with the original JSON (<see cref="ResourceColumn"/>).</summary>
    public bool KeepsResource => Columns[^1].Name == ResourceColumn;

    /// <summary>The <c>CREATE TABLE IF NOT EXISTS</c> statement for this table.</summary>
    public string CreateSql =>
        $"CREATE TABLE IF NOT EXISTS {Name} ({string.Join(", ", Columns.Select(c => $"{c.Name} {c.Type}"))}, source_file VARCHAR NOT NULL)";
}

/// <summary>The raw tables of a site database, one per FHIR resource type plus the MAF.</summary>
public static class SiteTables
{
    private static readonly (string, string) Raw = (TableSpec.ResourceColumn, "VARCHAR");

    /// <summary>Patient resources.</summary>
    public static readonly TableSpec Patient = new("patient",
        [("id", "VARCHAR"), ("sex", "VARCHAR"), ("birth_date", "DATE"), ("deceased_date", "DATE"), Raw]);

    /// <summary>Condition resources (the primary cancer).</summary>
    public static readonly TableSpec Condition = new("condition",
        [("id", "VARCHAR"), ("patient_id", "VARCHAR"), ("snomed", "VARCHAR"), ("icd10", "VARCHAR"), ("onset_date", "DATE"), Raw]);

    /// <summary>Observation resources (TNM, biomarkers, gene status, vital status).</summary>
    public static readonly TableSpec Observation = new("observation",
        [("id", "VARCHAR"), ("patient_id", "VARCHAR"), ("loinc", "VARCHAR"), ("value_code", "VARCHAR"), ("value_display", "VARCHAR"),
         ("gene", "VARCHAR"), ("effective_date", "DATE"), ("status", "VARCHAR"), Raw]);

    /// <summary>Procedure resources.</summary>
    public static readonly TableSpec Procedure = new("procedure",
        [("id", "VARCHAR"), ("patient_id", "VARCHAR"), ("snomed", "VARCHAR"), ("performed_date", "DATE"), ("status", "VARCHAR"), Raw]);

    /// <summary>MedicationRequest resources.</summary>
    public static readonly TableSpec MedicationRequest = new("medication_request",
        [("id", "VARCHAR"), ("patient_id", "VARCHAR"), ("rxnorm", "VARCHAR"), ("authored_on", "DATE"), ("status", "VARCHAR"), ("intent", "VARCHAR"), Raw]);

    /// <summary>Somatic mutations from the MAF.</summary>
    public static readonly TableSpec Mutations = new("mutations",
        [("patient_id", "VARCHAR"), ("hugo_symbol", "VARCHAR"), ("chromosome", "VARCHAR"), ("start_position", "BIGINT"),
         ("end_position", "BIGINT"), ("variant_classification", "VARCHAR"), ("variant_type", "VARCHAR"),
         ("reference_allele", "VARCHAR"), ("tumor_seq_allele2", "VARCHAR"), ("hgvsp_short", "VARCHAR")]);

    /// <summary>Every raw table.</summary>
    public static readonly IReadOnlyList<TableSpec> All = [Patient, Condition, Observation, Procedure, MedicationRequest, Mutations];
}
