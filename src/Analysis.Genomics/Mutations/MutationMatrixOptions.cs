namespace Analysis.Genomics.Mutations;

/// <summary>How a <see cref="MutationMatrix"/> is built.</summary>
public sealed record MutationMatrixOptions
{
    /// <summary>The classifications that count; <see cref="VariantClassifications.NonSynonymous"/> by default, as maftools.</summary>
    public IReadOnlySet<string> Classifications { get; init; } = VariantClassifications.NonSynonymous;

    /// <summary>
    /// Every sample of the cohort, mutated or not; when null, every <c>Tumor_Sample_Barcode</c> in the MAF (any
    /// classification, so a sample with only silent variants still counts as sequenced).
    /// </summary>
    public IReadOnlyCollection<string>? Samples { get; init; }
}
