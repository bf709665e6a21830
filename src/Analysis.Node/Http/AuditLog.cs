using System.Text.Json;

namespace Analysis.Node.Http;

/// <summary>One audited request.</summary>
/// <param name="Time">When the request finished (UTC).</param>
/// <param name="User">The token's user, or <c>anonymous</c>.</param>
/// <param name="Endpoint">Method and path.</param>
/// <param name="Query">The request body, cut to a bounded length.</param>
/// <param name="Allowed">True when answered with a success status.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Reason">Why it was refused, when it was.</param>
/// <param name="ResultBytes">Size of the response body.</param>
/// <param name="ElapsedMs">Time spent answering.</param>
public sealed record AuditEntry(DateTimeOffset Time, string User, string Endpoint, string? Query, bool Allowed, int Status, string? Reason, long ResultBytes, double ElapsedMs);

/// <summary>The append-only audit log: one JSON line per request in <c>audit.jsonl</c> in the data folder.</summary>
/// <remarks>Writes are serialised under a lock and flushed per line, so concurrent requests never interleave or lose
/// lines and a crash loses at most the line being written.</remarks>
public sealed class AuditLog : IDisposable
{
    /// <summary>The log's file name inside the data folder.</summary>
    public const string FileName = "audit.jsonl";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Readable lines: the log is JSON read by tools and people, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private readonly Lock _lock = new();
    private readonly FileStream _stream;

    /// <summary>Opens (or creates) the log for appending.</summary>
    /// <param name="dataDirectory">The site's data folder.</param>
    public AuditLog(string dataDirectory)
    {
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The log file path.</summary>
    public string Path { get; }

    /// <summary>Appends one entry.</summary>
    /// <param name="entry">The entry.</param>
    public void Write(AuditEntry entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, Options);
        lock (_lock)
        {
            _stream.Write(line);
            _stream.WriteByte((byte)'\n');
            _stream.Flush();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock) _stream.Dispose();
    }
}
