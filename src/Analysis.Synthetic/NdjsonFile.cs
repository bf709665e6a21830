using System.Text.Json;

namespace Analysis.Synthetic;

/// <summary>One NDJSON output file: each resource is written as one line through a reused <see cref="Utf8JsonWriter"/>.</summary>
internal sealed class NdjsonFile : IDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;

    public NdjsonFile(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        // SkipValidation off: a malformed resource is a bug we want to hear about, not a bad line in the file.
        _json = new Utf8JsonWriter(_stream);
    }

    /// <summary>Resources written so far, which also numbers the next id.</summary>
    public int Count { get; private set; }

    /// <summary>Starts a resource object with its resourceType and id, and returns the writer for the rest.</summary>
    public Utf8JsonWriter Begin(string resourceType, string id)
    {
        Count++;
        _json.WriteStartObject();
        _json.WriteString("resourceType", resourceType);
        _json.WriteString("id", id);
        return _json;
    }

    /// <summary>Closes the resource and ends the line.</summary>
    public void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _stream.Write(Newline);
        // A writer refuses a second top-level value; Reset lets the same writer start the next line.
        _json.Reset();
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}
