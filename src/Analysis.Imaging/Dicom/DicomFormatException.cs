namespace Analysis.Imaging.Dicom;

/// <summary>A DICOM file or value is malformed; the message names the source, byte offset and tag.</summary>
public sealed class DicomFormatException : FormatException
{
    /// <summary>Creates the exception; the message is built from the parts that are known.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="source">The file (or stream description) read.</param>
    /// <param name="offset">Byte offset where the problem was found, or -1.</param>
    /// <param name="tag">The element being read, if any.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public DicomFormatException(string problem, string? source = null, long offset = -1, DicomTag? tag = null, Exception? inner = null)
        : base(Compose(problem, source, offset, tag), inner)
    {
        SourceName = source;
        Offset = offset;
        Tag = tag;
    }

    /// <summary>The file or stream read, when known.</summary>
    public string? SourceName { get; }

    /// <summary>The byte offset (in the file, or in the inflated stream for deflated files), or -1.</summary>
    public long Offset { get; }

    /// <summary>The element being read when the problem was found, if any.</summary>
    public DicomTag? Tag { get; }

    private static string Compose(string problem, string? source, long offset, DicomTag? tag)
    {
        var where = new List<string>();
        if (source is not null) where.Add(source);
        if (offset >= 0) where.Add($"byte offset {offset}");
        if (tag is { } t) where.Add($"element {t}");
        return where.Count == 0 ? problem : $"{problem} ({string.Join(", ", where)})";
    }
}
