namespace Analysis.Genomics.Vcf;

/// <summary>One sample's column of a VCF data line.</summary>
/// <param name="Name">The sample name from the <c>#CHROM</c> line.</param>
/// <param name="Genotype">The parsed GT; null when the FORMAT has no GT or the field is dropped.</param>
/// <param name="Values">Every FORMAT field (GT included, as its text), typed from the header like INFO values; a missing one is absent or null.</param>
public sealed record VcfSample(string Name, Genotype? Genotype, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>The value of FORMAT field <paramref name="id"/>, or null when missing.</summary>
    public object? this[string id] => Values.GetValueOrDefault(id);
}
