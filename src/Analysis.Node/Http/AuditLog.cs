using System.Text.Json;

namespace Analysis.Node.Http;

/// <summary>The append-only audit log: one JSON line per request in <c>audit.jsonl</c> in the data folder.</summary>
/// <remarks>Writes are serialised under a lock and flushed to the operating system per line, before the answer leaves, so
/// concurrent requests never interleave or lose lines and a crash of the node loses no answered request's line. Public only for <see cref="FileName"/>: operators and tests
/// read the file; the node alone writes it.</remarks>
public sealed class AuditLog : IDisposable
{
    /// <summary>The log's file name inside the data folder.</summary>
    public const string FileName = "audit.jsonl";

    /// <summary>How lines are written (also the parsed query of a request the pipeline did not read).</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        // Readable lines: the log is JSON read by tools and people, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private readonly Lock _lock = new();
    private readonly FileStream _stream;

    /// <summary>Opens (or creates) the log for appending.</summary>
    /// <param name="dataDirectory">The site's data folder.</param>
    internal AuditLog(string dataDirectory)
    {
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        // Owner-only: the log holds every query, which is as telling as the data (an older log is narrowed too).
        _stream = new FileStream(Path, FileModes.OwnerOnlyOptions(FileMode.Append, FileAccess.Write));
        FileModes.RestrictToOwner(Path);
    }

    /// <summary>The log file path.</summary>
    public string Path { get; }

    /// <summary>Appends one entry.</summary>
    /// <param name="entry">The entry.</param>
    internal void Write(AuditEntry entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, JsonOptions);
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
