namespace Analysis.Genomics.Vcf;

/// <summary>The kinds of <see cref="VcfNumber"/>.</summary>
public enum VcfNumberKind
{
    /// <summary>A fixed number of values (<c>Number=2</c>).</summary>
    Fixed,

    /// <summary>One value per alternate allele (<c>Number=A</c>).</summary>
    PerAlternate,

    /// <summary>One value per allele, reference included (<c>Number=R</c>).</summary>
    PerAllele,

    /// <summary>One value per possible genotype (<c>Number=G</c>).</summary>
    PerGenotype,

    /// <summary>Any number of values (<c>Number=.</c>).</summary>
    Unbounded,
}
