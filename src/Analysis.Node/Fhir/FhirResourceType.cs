using Analysis.Contracts;
using Analysis.Node.Ingest;

namespace Analysis.Node.Fhir;

/// <summary>A FHIR resource type the node serves: its raw table and the code columns <c>code=</c> searches.</summary>
/// <param name="Name">The FHIR type name, e.g. <c>Observation</c>.</param>
/// <param name="Table">The raw table holding its rows and original JSON.</param>
/// <param name="Codes">Code columns with the system each holds; the ingestor keeps only the contract's codes, so only these are searchable.</param>
internal sealed record FhirResourceType(string Name, TableSpec Table, IReadOnlyList<(string System, string Column)> Codes)
{
    /// <summary>Every type but Patient points at its patient through <c>subject</c>.</summary>
    public bool HasSubject => Codes.Count > 0;

    public static readonly IReadOnlyList<FhirResourceType> All =
    [
        new("Patient", SiteTables.Patient, []),
        new("Condition", SiteTables.Condition, [(CodeSystems.Snomed, "snomed"), (CodeSystems.Icd10, "icd10")]),
        new("Observation", SiteTables.Observation, [(CodeSystems.Loinc, "loinc")]),
        new("Procedure", SiteTables.Procedure, [(CodeSystems.Snomed, "snomed")]),
        new("MedicationRequest", SiteTables.MedicationRequest, [(CodeSystems.RxNorm, "rxnorm")]),
    ];

    /// <summary>Finds a served type by its exact (case-sensitive, as in FHIR) name.</summary>
    public static FhirResourceType? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
