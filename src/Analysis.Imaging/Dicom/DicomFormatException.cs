namespace Analysis.Imaging.Dicom;

/// <summary>A DICOM file or value is malformed; the message names the source, byte offset and tag.</summary>
/// <param name="problem">What is wrong.</param>
/// <param name="source">The file (or stream description) read.</param>
/// <param name="offset">Byte offset where the problem was found, or -1.</param>
/// <param name="tag">The element being read, if any.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class DicomFormatException(string problem, string? source = null, long offset = -1, DicomTag? tag = null, Exception? inner = null)
    : ImagingFormatException(problem, source, offset, tag is { } t ? $"element {t}" : null, inner)
{
    /// <summary>The element being read when the problem was found, if any.</summary>
    public DicomTag? Tag { get; } = tag;
}
