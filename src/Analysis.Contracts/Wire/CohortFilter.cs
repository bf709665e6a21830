namespace Analysis.Contracts;

/// <summary>Which patients a request is about. Every member is optional; all given members must hold.</summary>
/// <remarks>Nodes validate every member and name the offending one (<c>filter.stage[1]</c>) in a 400.</remarks>
public sealed record CohortFilter
{
    /// <summary>The largest age a node accepts; anything above is a typo, not a patient.</summary>
    public const int MaxAge = 150;

    /// <summary>The primary cancer, as a SNOMED CT or ICD-10 code.</summary>
    public string? Diagnosis { get; init; }

    /// <summary>Lowest age at diagnosis, inclusive.</summary>
    public int? AgeMin { get; init; }

    /// <summary>Highest age at diagnosis, inclusive.</summary>
    public int? AgeMax { get; init; }

    /// <summary><c>male</c> or <c>female</c>.</summary>
    public string? Sex { get; init; }

    /// <summary>Stage groups, any of which matches (I, II, III, IV).</summary>
    public IReadOnlyList<string>? Stage { get; init; }

    /// <summary>Biomarker states that must all hold: ER/PR/HER2 positive|negative, KRAS/EGFR/TP53/PIK3CA present|absent.</summary>
    public IReadOnlyDictionary<string, string>? Biomarkers { get; init; }

    /// <summary>Genes that must each carry at least one variant in the site's MAF.</summary>
    public IReadOnlyList<string>? Mutations { get; init; }
}
