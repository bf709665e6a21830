using Hl7.Fhir.Model;

namespace Analysis.Fhir;

/// <summary>
/// Reads FHIR R4 NDJSON that is already on disk (a Bulk Data export kept, or the files of <c>analysis synth</c>),
/// with the same line-by-line parser and error messages as <see cref="FhirSource.ExportAsync"/>.
/// </summary>
public static class FhirNdjson
{
    /// <summary>Every resource in the file at <paramref name="path"/>, in order; blank lines are skipped.</summary>
    /// <param name="path">The NDJSON file.</param>
    /// <param name="resourceType">When given, every line must be a resource of this type.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="FhirSourceException">A line is not a FHIR R4 resource (or not of <paramref name="resourceType"/>); names the file and line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<IReadOnlyList<Resource>> ReadFileAsync(string path, string? resourceType = null, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path);
        return await NdjsonFile.ParseAsync(reader, new Uri(Path.GetFullPath(path)), resourceType, cancellationToken).ConfigureAwait(false);
    }
}
