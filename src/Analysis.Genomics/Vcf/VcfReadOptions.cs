using Analysis.Genomics.Io;

namespace Analysis.Genomics.Vcf;

/// <summary>How a VCF is read.</summary>
public sealed record VcfReadOptions
{
    /// <summary>What to do with a malformed data line: <see cref="BadLine.Fail"/> (default) or <see cref="BadLine.Skip"/>.</summary>
    public BadLine OnError { get; init; } = BadLine.Fail;
}
