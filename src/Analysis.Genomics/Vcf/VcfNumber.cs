namespace Analysis.Genomics.Vcf;

/// <summary>How many values an INFO or FORMAT field has: a fixed count, or one per alternate allele (A), per allele (R), per genotype (G), or any (.).</summary>
/// <param name="Kind">Which kind of count.</param>
/// <param name="Count">The fixed count for <see cref="VcfNumberKind.Fixed"/>; 0 otherwise.</param>
public readonly record struct VcfNumber(VcfNumberKind Kind, int Count)
{
    /// <summary>A field with exactly one value, read as a scalar.</summary>
    public bool IsScalar => Kind == VcfNumberKind.Fixed && Count == 1;

    /// <summary>Parses <c>Number=</c>'s value.</summary>
    /// <exception cref="FormatException">Not an integer, A, R, G or '.'.</exception>
    public static VcfNumber Parse(string text) => text switch
    {
        "A" => new(VcfNumberKind.PerAlternate, 0),
        "R" => new(VcfNumberKind.PerAllele, 0),
        "G" => new(VcfNumberKind.PerGenotype, 0),
        "." => new(VcfNumberKind.Unbounded, 0),
        _ when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => new(VcfNumberKind.Fixed, n),
        _ => throw new FormatException($"Number must be an integer, A, R, G or '.', not '{text}'"),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        VcfNumberKind.PerAlternate => "A",
        VcfNumberKind.PerAllele => "R",
        VcfNumberKind.PerGenotype => "G",
        VcfNumberKind.Unbounded => ".",
        _ => Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
