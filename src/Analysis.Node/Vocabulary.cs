namespace Analysis.Node;

/// <summary>The codes of the site data contract that the node recognises.</summary>
public static class Vocabulary
{
    /// <summary>SNOMED CT code system URI.</summary>
    public const string SnomedSystem = "http://snomed.info/sct";

    /// <summary>ICD-10 code system URI.</summary>
    public const string Icd10System = "http://hl7.org/fhir/sid/icd-10-cm";

    /// <summary>The primary cancers: name, SNOMED CT code and ICD-10 code.</summary>
    public static readonly IReadOnlyList<(string Name, string Snomed, string Icd10)> Cancers =
        [("breast", "254837009", "C50.9"), ("colorectal", "363406005", "C18.9"), ("lung", "254637007", "C34.9")];

    /// <summary>Receptor biomarkers (positive/negative) by the name filters use, with their column.</summary>
    public static readonly IReadOnlyDictionary<string, string> Receptors =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ER"] = "er", ["PR"] = "pr", ["HER2"] = "her2" };

    /// <summary>Genes with a status observation (present/absent), by symbol, with their column.</summary>
    public static readonly IReadOnlyDictionary<string, string> Genes =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["KRAS"] = "kras", ["EGFR"] = "egfr", ["TP53"] = "tp53", ["PIK3CA"] = "pik3ca" };

    /// <summary>HGNC ids of the genes with a status observation, by symbol.</summary>
    public static readonly IReadOnlyDictionary<string, string> GeneIds =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["KRAS"] = "HGNC:6407", ["EGFR"] = "HGNC:3236", ["TP53"] = "HGNC:11998", ["PIK3CA"] = "HGNC:8975" };

    /// <summary>Finds the cancer a SNOMED CT or ICD-10 code denotes.</summary>
    /// <param name="code">A SNOMED CT or ICD-10 code.</param>
    /// <returns>The cancer, or <c>null</c> when the code is not one the contract names.</returns>
    public static (string Name, string Snomed, string Icd10)? Cancer(string code) =>
        Cancers.Cast<(string Name, string Snomed, string Icd10)?>()
            .FirstOrDefault(c => c!.Value.Snomed == code || string.Equals(c.Value.Icd10, code, StringComparison.OrdinalIgnoreCase));
}
