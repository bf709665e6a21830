namespace Analysis.Contracts;

/// <summary>Body of <c>POST /api/v1/mutations/frequency</c>: per gene, the cohort's patients carrying a counted variant.</summary>
public sealed record MutationFrequencyRequest
{
    /// <summary>The cohort; everyone when omitted.</summary>
    public CohortFilter? Filter { get; init; }

    /// <summary>Genes to count (HGNC symbols, matched case-insensitively); the site's top genes when omitted.</summary>
    public IReadOnlyList<string>? Genes { get; init; }

    /// <summary>How many top genes to return when <see cref="Genes"/> is omitted (1..500; 20 by default).</summary>
    public int? Top { get; init; }

    /// <summary>Which <c>Variant_Classification</c>s count; the non-synonymous ones (as maftools) when omitted.</summary>
    public IReadOnlyList<string>? Classifications { get; init; }
}

/// <summary>One gene's carriers at a site.</summary>
/// <param name="Gene">The gene symbol, as the site's MAF spells it.</param>
/// <param name="Carriers">Patients of the cohort with at least one counted variant in it.</param>
public sealed record GeneCarriers(string Gene, ReleasedCell Carriers);

/// <summary>Answer of <c>mutations/frequency</c>.</summary>
/// <param name="Patients">The cohort's size (the frequencies' denominator).</param>
/// <param name="Genes">The genes asked for, or the top ones, most carriers first.</param>
public sealed record MutationFrequencyResult(ReleasedCell Patients, IReadOnlyList<GeneCarriers> Genes);
