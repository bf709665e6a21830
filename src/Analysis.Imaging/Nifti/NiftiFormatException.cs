namespace Analysis.Imaging.Nifti;

/// <summary>A NIfTI file is malformed; the message names the file, byte offset and header field.</summary>
public sealed class NiftiFormatException : FormatException
{
    /// <summary>Creates the exception; the message is built from the parts that are known.</summary>
    public NiftiFormatException(string problem, string? source, long offset = -1, string? field = null, Exception? inner = null)
        : base($"{problem} ({string.Join(", ", new[] { source, offset >= 0 ? $"byte offset {offset}" : null, field is null ? null : $"field {field}" }.Where(p => p is not null))})", inner)
    {
        SourceName = source;
        Offset = offset;
        Field = field;
    }

    /// <summary>The file read, when known.</summary>
    public string? SourceName { get; }

    /// <summary>The byte offset (in the decompressed stream for .nii.gz), or -1.</summary>
    public long Offset { get; }

    /// <summary>The header field involved, if any (e.g. "dim", "datatype").</summary>
    public string? Field { get; }
}
