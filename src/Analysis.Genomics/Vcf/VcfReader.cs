using Analysis.Genomics.Io;

namespace Analysis.Genomics.Vcf;

/// <summary>
/// Streams a VCF 4.x file (plain, gzip or bgzip, told apart by the magic bytes; every bgzip block is read) one record
/// at a time. The header is read on open; the records can be read once.
/// </summary>
/// <example>
/// <code>
/// using var vcf = VcfReader.Open("calls.vcf.gz");
/// foreach (var r in vcf.Records())
///     Console.WriteLine($"{r} DP={r.Info["DP"]} {r.Samples[0].Genotype}");
/// </code>
/// </example>
public sealed class VcfReader : LineRecordReader<VcfRecord>
{
    private VcfReader(TextSource source, VcfHeader header, VcfReadOptions? options)
        : base(source, new VcfRowParser(header).Parse, (options ?? new VcfReadOptions()).OnError) => Header = header;

    /// <summary>Opens the VCF at <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="GenomicsFormatException">The header is malformed (file and line named).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static VcfReader Open(string path, VcfReadOptions? options = null) => Open(TextSource.Open(path), options);

    /// <summary>Reads a VCF from <paramref name="stream"/> (disposed with the reader); <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="GenomicsFormatException">The header is malformed.</exception>
    public static VcfReader Open(Stream stream, string name = "stream", VcfReadOptions? options = null) => Open(TextSource.Open(stream, name), options);

    private static VcfReader Open(TextSource source, VcfReadOptions? options) => Create(source, s => new VcfReader(s, VcfHeader.Read(s), options));

    /// <summary>The meta-information and samples.</summary>
    public VcfHeader Header { get; }
}
