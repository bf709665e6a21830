using System.IO.Compression;
using System.Text;

namespace Analysis.Genomics.Io;

/// <summary>Opens plain, gzip or bgzip text by its magic bytes (never by its extension) and numbers its lines.</summary>
/// <remarks>
/// bgzip (BGZF) is a series of gzip members; <see cref="GZipStream"/> reads concatenated members to the end, so a
/// bgzipped VCF or MAF reads whole, including the empty end-of-file member.
/// </remarks>
internal sealed class TextSource : IDisposable
{
    private readonly StreamReader _reader;

    private TextSource(string name, Stream stream)
    {
        Name = name;
        var prefix = new byte[2];
        var read = 0;
        while (read < 2 && stream.Read(prefix, read, 2 - read) is var n and > 0) read += n;
        Stream whole = new PrefixedStream(prefix.AsMemory(0, read), stream);
        IsGzip = read == 2 && prefix[0] == 0x1f && prefix[1] == 0x8b;
        if (IsGzip) whole = new GZipStream(whole, CompressionMode.Decompress);
        _reader = new StreamReader(whole, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
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
            var line = _reader.ReadLine();
            if (line is not null) LineNumber++;
            return line;
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
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is not null) LineNumber++;
            return line;
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }
    }

    private GenomicsFormatException Corrupt(InvalidDataException e) => new(Name, LineNumber + 1, $"corrupt gzip data: {e.Message}");

    public void Dispose() => _reader.Dispose();

    /// <summary>The bytes already read to sniff the format, then the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _prefix.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

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
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
