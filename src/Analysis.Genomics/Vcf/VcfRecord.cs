namespace Analysis.Genomics.Vcf;

/// <summary>
/// One VCF data line. INFO and FORMAT values are typed from the header: a field with <c>Number=1</c> is a scalar
/// (<see cref="int"/>, <see cref="double"/>, <see cref="char"/> or <see cref="string"/>), any other Number an array of
/// nullable values (<c>int?[]</c>, <c>double?[]</c>, <c>char?[]</c>, <c>string?[]</c>), a Flag <c>true</c>; a missing
/// value ('.') is null.
/// </summary>
public sealed class VcfRecord
{
    /// <summary>The chromosome (<c>CHROM</c>).</summary>
    public required string Chromosome { get; init; }

    /// <summary>The 1-based position (<c>POS</c>) of the first base of <see cref="Reference"/>.</summary>
    public required long Position { get; init; }

    /// <summary>The identifiers (<c>ID</c>); empty when '.'.</summary>
    public required IReadOnlyList<string> Ids { get; init; }

    /// <summary>The reference allele (<c>REF</c>).</summary>
    public required string Reference { get; init; }

    /// <summary>The alternate alleles (<c>ALT</c>); empty when '.'.</summary>
    public required IReadOnlyList<string> Alternates { get; init; }

    /// <summary>The quality (<c>QUAL</c>); null when '.'.</summary>
    public double? Quality { get; init; }

    /// <summary>The filters failed (<c>FILTER</c>), or <c>["PASS"]</c>; empty when '.' (not applied).</summary>
    public required IReadOnlyList<string> Filters { get; init; }

    /// <summary>The INFO fields, by key, typed from the header (undeclared keys as strings, or <c>true</c> without a value).</summary>
    public required IReadOnlyDictionary<string, object?> Info { get; init; }

    /// <summary>The FORMAT keys, in order; empty without samples.</summary>
    public required IReadOnlyList<string> Format { get; init; }

    /// <summary>The samples, in header order.</summary>
    public required IReadOnlyList<VcfSample> Samples { get; init; }

    /// <summary>Whether the record passed every filter.</summary>
    public bool Passed => Filters is ["PASS"];

    /// <summary>Whether the INFO flag <paramref name="id"/> is set.</summary>
    public bool HasFlag(string id) => Info.TryGetValue(id, out var v) && v is true;

    /// <summary>The sample called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such sample.</exception>
    public VcfSample Sample(string name) => Samples.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"no sample '{name}'");

    /// <inheritdoc />
    public override string ToString() => $"{Chromosome}:{Position} {Reference}>{(Alternates.Count == 0 ? "." : string.Join(',', Alternates))}";
}
