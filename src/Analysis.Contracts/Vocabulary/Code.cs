namespace Analysis.Contracts;

/// <summary>A coded concept from a terminology; any code can be built, the constants of the vocabulary classes are the data contract's.</summary>
/// <param name="System">The terminology's URI.</param>
/// <param name="Value">The code within <paramref name="System"/>.</param>
/// <param name="Display">A human-readable label.</param>
public sealed record Code(string System, string Value, string Display)
{
    /// <inheritdoc />
    public override string ToString() => $"{Value} {Display}";
}

/// <summary>The URIs of the terminologies the site data contract uses (FHIR <c>Coding.system</c>).</summary>
public static class CodeSystems
{
    /// <summary>SNOMED CT.</summary>
    public const string Snomed = "http://snomed.info/sct";

    /// <summary>ICD-10-CM, the ICD-10 the contract's conditions carry.</summary>
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";

    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>AJCC cancer staging (T, N, M categories and stage groups).</summary>
    public const string Ajcc = "http://cancerstaging.org";

    /// <summary>HGNC gene identifiers (<c>HGNC:6407</c>).</summary>
    public const string Hgnc = "http://www.genenames.org/geneId";

    /// <summary>RxNorm drug codes.</summary>
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
}
