using Analysis.Genomics.Io;
using Apache.Arrow;
using Deedle;

namespace Analysis.Genomics.Maf;

/// <summary>How a MAF is read.</summary>
public sealed record MafReadOptions
{
    /// <summary>What to do with a malformed data line: <see cref="BadLine.Fail"/> (default) or <see cref="BadLine.Skip"/>.</summary>
    public BadLine OnError { get; init; } = BadLine.Fail;
}

/// <summary>A whole MAF read into memory: its header, records and the lines skipped.</summary>
/// <param name="Header">The comment lines and columns.</param>
/// <param name="Records">Every well-formed record, in file order.</param>
/// <param name="Skipped">The malformed lines left out (only under <see cref="BadLine.Skip"/>).</param>
public sealed record MafReadResult(MafHeader Header, IReadOnlyList<MafRecord> Records, IReadOnlyList<SkippedLine> Skipped);

/// <summary>
/// Streams a GDC/TCGA MAF (plain or gzip, told apart by the magic bytes) one record at a time, in bounded memory.
/// The header is read on open; the records can be read once, as <see cref="MafRecord"/>s, Arrow record batches or a
/// Deedle frame.
/// </summary>
/// <example>
/// <code>
/// using var maf = MafReader.Open("tcga-brca.maf.gz", new MafReadOptions { OnError = BadLine.Skip });
/// foreach (var r in maf.Records()) Console.WriteLine(r);
/// maf.Skipped   // the malformed lines, with file and line number
/// </code>
/// </example>
public sealed class MafReader : LineRecordReader<MafRecord>
{
    private MafReader(TextSource source, MafHeader header, MafReadOptions? options)
        : base(source, new MafRowParser(header).Parse, (options ?? new MafReadOptions()).OnError) => Header = header;

    /// <summary>Opens the MAF at <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="GenomicsFormatException">No header row, or it lacks a required column (file and line named).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MafReader Open(string path, MafReadOptions? options = null) => Open(TextSource.Open(path), options);

    /// <summary>Reads a MAF from <paramref name="stream"/> (disposed with the reader); <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="GenomicsFormatException">No header row, or it lacks a required column.</exception>
    public static MafReader Open(Stream stream, string name = "stream", MafReadOptions? options = null) => Open(TextSource.Open(stream, name), options);

    private static MafReader Open(TextSource source, MafReadOptions? options) => Create(source, s => new MafReader(s, MafHeader.Read(s), options));

    /// <summary>Reads a whole MAF into memory.</summary>
    /// <exception cref="GenomicsFormatException">A malformed line under <see cref="BadLine.Fail"/>, or a bad header.</exception>
    public static MafReadResult ReadAll(string path, MafReadOptions? options = null)
    {
        using var maf = Open(path, options);
        var records = maf.Records().ToList();
        return new MafReadResult(maf.Header, records, maf.Skipped);
    }

    /// <summary>Reads a whole MAF into memory asynchronously.</summary>
    /// <exception cref="GenomicsFormatException">A malformed line under <see cref="BadLine.Fail"/>, or a bad header.</exception>
    public static async Task<MafReadResult> ReadAllAsync(string path, MafReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var maf = Open(path, options);
        var records = new List<MafRecord>();
        await foreach (var r in maf.RecordsAsync(cancellationToken).ConfigureAwait(false)) records.Add(r);
        return new MafReadResult(maf.Header, records, maf.Skipped);
    }

    /// <summary>The comment lines and columns.</summary>
    public MafHeader Header { get; }

    /// <summary>
    /// The records as Arrow record batches of up to <paramref name="batchSize"/> rows, every column in file order:
    /// positions, Entrez ids and read counts as int64, everything else as UTF-8 strings (nullable).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is under 1.</exception>
    public IEnumerable<RecordBatch> ReadBatches(int batchSize = 65_536, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return MafArrow.Batches(Header, Records(cancellationToken), batchSize);
    }

    /// <summary>The Arrow schema of <see cref="ReadBatches"/>.</summary>
    public Schema ArrowSchema => MafArrow.Schema(Header);

    /// <summary>The records as a Deedle frame, one row per record (keys 0, 1, ...) and one column per MAF column.</summary>
    public Frame<int, string> ToFrame(CancellationToken cancellationToken = default) => MafFrame.From(Header, Records(cancellationToken));
}
