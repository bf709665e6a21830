namespace Analysis.Node.Http;

/// <summary>
/// The response body while a request is answered: holds the answer back until it is complete (or larger than
/// <see cref="BufferLimit"/>), then has the audit line written and only then lets the answer's first byte go.
/// </summary>
/// <remarks>Holding the answer back is what makes "audited before the answer leaves" true: the status and size are then
/// known, and nothing reaches the client if the audit line cannot be written. Answers over the limit (FHIR export
/// files) are audited when the limit is reached and then streamed, their size taken from Content-Length.</remarks>
internal sealed class AuditedResponseBody(Stream inner, Func<long?, CancellationToken, Task> audit) : Stream
{
    /// <summary>The largest answer held back whole (1 MiB).</summary>
    public const int BufferLimit = 1 << 20;

    private MemoryStream? _held = new();

    /// <summary>Whether the audit line is written and the answer released.</summary>
    public bool Released => _held is null;

    /// <summary>Bytes of the answer so far.</summary>
    public long Written { get; private set; }

    /// <summary>Forgets what was held back (an answer replaced by an error problem before anything left).</summary>
    public void Discard()
    {
        if (_held is null) return;
        _held.SetLength(0);
        Written = 0;
    }

    /// <summary>Writes the audit line (with the complete size when <paramref name="complete"/>) and sends what was held back.</summary>
    public async Task ReleaseAsync(bool complete, CancellationToken cancellation = default)
    {
        if (_held is not { } held) return;
        _held = null;
        await audit(complete ? held.Length : null, cancellation);
        if (held.Length > 0) await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancellation);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // A flush while the answer is held back does nothing: the answer leaves when it is complete, after its audit line.
    public override void Flush()
    {
        if (Released) inner.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Released ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Written += buffer.Length;
        if (_held is { } held)
        {
            if (held.Length + buffer.Length <= BufferLimit)
            {
                held.Write(buffer.Span);
                return;
            }
            await ReleaseAsync(complete: false, cancellationToken);
        }
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
