namespace Analysis.Genomics.Mutations;

/// <summary>The MAF <c>Variant_Classification</c> values, and the set that counts as a non-synonymous coding change.</summary>
public static class VariantClassifications
{
    /// <summary>An oncoplot cell where a gene has two or more counted variants in a sample, of the same classification or not (as maftools shows it).</summary>
    public const string MultiHit = "Multi_Hit";

    /// <summary>
    /// The classifications maftools counts by default (its <c>vc_nonSyn</c>): Frame_Shift_Del, Frame_Shift_Ins,
    /// Splice_Site, Translation_Start_Site, Nonsense_Mutation, Nonstop_Mutation, In_Frame_Del, In_Frame_Ins and
    /// Missense_Mutation. Silent, intronic, UTR, flanking, RNA and IGR variants are left out of mutation matrices,
    /// frequencies and tumour mutational burden.
    /// </summary>
    public static IReadOnlySet<string> NonSynonymous { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
        "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation",
    };
}
