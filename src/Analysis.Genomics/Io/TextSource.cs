using System.IO.Compression;
using System.Text;

namespace Analysis.Genomics.Io;

/// <summary>Opens plain, gzip or bgzip text by its magic bytes (never by its extension) and numbers its lines.</summary>
/// <remarks>
/// bgzip (BGZF) is a series of gzip members; <see cref="GZipStream"/> reads concatenated members to the end, so a
/// bgzipped VCF or MAF reads whole, including the empty end-of-file member. <see cref="GZipStream"/> does not report
/// a truncated member, so the end is checked here: compressed text must end with a newline, and a bgzip file that can
/// be seeked must end with BGZF's end-of-file block (as htslib checks).
/// </remarks>
internal sealed class TextSource : IDisposable
{
    private static readonly byte[] BgzfEndOfFile =
        [0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0x06, 0, 0x42, 0x43, 0x02, 0, 0x1b, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly StreamReader _reader;
    private readonly TailStream? _tail;
    private readonly bool _missingBgzfEnd;

    private TextSource(string name, Stream stream)
    {
        Name = name;
        var bgzfEnd = stream.CanSeek && stream.Length >= BgzfEndOfFile.Length && EndsWith(stream, BgzfEndOfFile);
        var prefix = new byte[14];
        var read = 0;
        while (read < prefix.Length && stream.Read(prefix, read, prefix.Length - read) is var n and > 0) read += n;
        Stream whole = new PrefixedStream(prefix.AsMemory(0, read), stream);
        IsGzip = read >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b;
        if (IsGzip)
        {
            // A BGZF member has the FEXTRA flag and a 'BC' subfield first.
            var bgzf = read == 14 && (prefix[3] & 4) != 0 && prefix[12] == 'B' && prefix[13] == 'C';
            _missingBgzfEnd = bgzf && stream.CanSeek && !bgzfEnd;
            whole = _tail = new TailStream(new GZipStream(whole, CompressionMode.Decompress));
        }
        _reader = new StreamReader(whole, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    private static bool EndsWith(Stream stream, byte[] tail)
    {
        var start = stream.Position;
        stream.Seek(-tail.Length, SeekOrigin.End);
        var end = new byte[tail.Length];
        stream.ReadExactly(end);
        stream.Position = start;
        return end.AsSpan().SequenceEqual(tail);
    }

    /// <summary>Counts a line read, or at the end checks the compressed data was whole.</summary>
    private string? Counted(string? line)
    {
        if (line is not null)
        {
            LineNumber++;
            return line;
        }
        if (_tail is { Any: true, Last: not (byte)'\n' })
            throw new GenomicsFormatException(Name, LineNumber, "the gzip data ends in the middle of a line: the file is truncated");
        if (_missingBgzfEnd)
            throw new GenomicsFormatException(Name, LineNumber, "the bgzip end-of-file block is missing: the file is truncated");
        return null;
    }

    /// <summary>The file name used in messages.</summary>
    public string Name { get; }

    /// <summary>Whether the content was gzip (or bgzip) compressed.</summary>
    public bool IsGzip { get; }

    /// <summary>The number of the line last read (1-based).</summary>
    public long LineNumber { get; private set; }

    public static TextSource Open(string path) =>
        new(Path.GetFileName(path), new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));

    public static TextSource Open(Stream stream, string name) => new(name, stream);

    /// <summary>The next line, or null at the end.</summary>
    /// <exception cref="GenomicsFormatException">The compressed data is corrupt.</exception>
    public string? ReadLine()
    {
        try
        {
            return Counted(_reader.ReadLine());
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }
    }

    /// <summary>The next line, or null at the end, read asynchronously.</summary>
    /// <exception cref="GenomicsFormatException">The compressed data is corrupt.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Counted(await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }
    }

    private GenomicsFormatException Corrupt(InvalidDataException e) => new(Name, LineNumber + 1, $"corrupt gzip data: {e.Message}");

    public void Dispose() => _reader.Dispose();

    /// <summary>Remembers the last byte read through it, to tell whether decompressed text ended with a newline.</summary>
    private sealed class TailStream(Stream inner) : ReadOnlyStream(inner)
    {
        public bool Any { get; private set; }

        public byte Last { get; private set; }

        public override int Read(Span<byte> buffer) => Note(buffer, Inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Note(buffer.Span, n);
        }

        private int Note(Span<byte> buffer, int n)
        {
            if (n > 0)
            {
                Any = true;
                Last = buffer[n - 1];
            }
            return n;
        }
    }

    /// <summary>The bytes already read to sniff the format, then the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream(rest)
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return Inner.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _prefix.IsEmpty ? Inner.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));
    }

    /// <summary>A forward-only read wrapper around <see cref="Inner"/>, which it disposes.</summary>
    private abstract class ReadOnlyStream(Stream inner) : Stream
    {
        protected Stream Inner { get; } = inner;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public abstract override int Read(Span<byte> buffer);

        public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) Inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
