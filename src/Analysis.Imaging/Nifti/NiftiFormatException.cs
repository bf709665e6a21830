namespace Analysis.Imaging.Nifti;

/// <summary>A NIfTI file is malformed; the message names the file, byte offset and header field.</summary>
/// <param name="problem">What is wrong.</param>
/// <param name="source">The file read.</param>
/// <param name="offset">Byte offset of the problem (in the decompressed stream for .nii.gz), or -1.</param>
/// <param name="field">The header field involved (e.g. "dim", "datatype"), if any.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class NiftiFormatException(string problem, string? source, long offset = -1, string? field = null, Exception? inner = null)
    : ImagingFormatException(problem, source, offset, field is null ? null : $"field {field}", inner)
{
    /// <summary>The header field involved, if any.</summary>
    public string? Field { get; } = field;
}
