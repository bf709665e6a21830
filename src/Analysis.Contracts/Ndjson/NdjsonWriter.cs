using System.Text.Json;

namespace Analysis.Contracts;

/// <summary>
/// Writes NDJSON: each value through one reused <see cref="Utf8JsonWriter"/>, each ended by a single <c>\n</c> (on
/// every OS, so the same values give the same bytes anywhere). The only NDJSON writer.
/// </summary>
/// <example>
/// <code>
/// using var file = new NdjsonWriter("Patient.ndjson");
/// file.Json.WriteStartObject();
/// file.Json.WriteString("resourceType", "Patient");
/// file.Json.WriteEndObject();
/// file.EndLine();
/// </code>
/// </example>
public sealed class NdjsonWriter : IDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    /// <summary>Creates (or truncates) the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How values are written (default: compact, validated, the default encoder).</param>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public NdjsonWriter(string path, JsonWriterOptions options = default)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16), options, leaveOpen: false)
    {
    }

    /// <summary>Writes to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where the lines go.</param>
    /// <param name="options">How values are written; <see cref="JsonWriterOptions.Indented"/> is refused, a value must stay on its line.</param>
    /// <param name="leaveOpen">Leave the stream open when this writer is disposed.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for indented output.</exception>
    public NdjsonWriter(Stream stream, JsonWriterOptions options = default, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (options.Indented) throw new ArgumentException("NDJSON holds one value per line; indented output would break it over several", nameof(options));
        _stream = stream;
        _leaveOpen = leaveOpen;
        // Validation stays on: a malformed value is a bug to hear about, not a bad line in the file.
        Json = new Utf8JsonWriter(stream, options);
    }

    /// <summary>The writer of the current line: write exactly one JSON value, then call <see cref="EndLine"/>.</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>Lines written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Ends the current line.</summary>
    /// <exception cref="InvalidOperationException">The line holds no value, or an unfinished one.</exception>
    public void EndLine()
    {
        if (Json.CurrentDepth != 0 || Json.BytesPending + Json.BytesCommitted == 0)
            throw new InvalidOperationException("an NDJSON line must hold exactly one complete JSON value");
        Json.Flush();
        _stream.Write(Newline);
        // A Utf8JsonWriter refuses a second top-level value; Reset lets the same writer start the next line.
        Json.Reset();
        Count++;
    }

    /// <summary>Flushes and closes the output (the stream too, unless it was left open).</summary>
    public void Dispose()
    {
        Json.Dispose();
        if (_leaveOpen) _stream.Flush();
        else _stream.Dispose();
    }
}
