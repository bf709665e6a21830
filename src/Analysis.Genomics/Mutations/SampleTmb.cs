namespace Analysis.Genomics.Mutations;

/// <summary>One sample's tumour mutational burden.</summary>
/// <param name="Sample">The tumour sample barcode.</param>
/// <param name="Variants">Its counted (by default non-synonymous) variants.</param>
/// <param name="ExomeSizeMb">The captured size the burden is per, in megabases.</param>
public sealed record SampleTmb(string Sample, int Variants, double ExomeSizeMb)
{
    /// <summary>Variants per megabase.</summary>
    public double PerMb => Variants / ExomeSizeMb;

    /// <inheritdoc />
    public override string ToString() => $"{Sample}: {PerMb:0.###}/Mb ({Variants} variants)";
}
