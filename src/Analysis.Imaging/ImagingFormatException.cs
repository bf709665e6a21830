namespace Analysis.Imaging;

/// <summary>An image file is malformed; the message names the file, the byte offset and what was being read.</summary>
public abstract class ImagingFormatException : FormatException
{
    /// <summary>Creates the exception with a message made of the problem and where it was found.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="source">The file or stream read.</param>
    /// <param name="offset">Byte offset of the problem, or -1.</param>
    /// <param name="what">What was being read (an element, a header field), or null.</param>
    /// <param name="inner">The underlying error, if any.</param>
    protected ImagingFormatException(string problem, string? source, long offset, string? what, Exception? inner)
        : base(Compose(problem, source, offset, what), inner)
    {
        SourceName = source;
        Offset = offset;
    }

    /// <summary>The file or stream read, when known.</summary>
    public string? SourceName { get; }

    /// <summary>The byte offset (in the decompressed stream for compressed files), or -1.</summary>
    public long Offset { get; }

    private static string Compose(string problem, string? source, long offset, string? what)
    {
        string?[] parts = [source, offset >= 0 ? $"byte offset {offset}" : null, what];
        var where = parts.OfType<string>().ToList();
        return where.Count == 0 ? problem : $"{problem} ({string.Join(", ", where)})";
    }
}
