using Analysis.Contracts;
using Hl7.Fhir.Model;

namespace Analysis.Fhir;

/// <summary>One resource of an NDJSON file, with the line it was read from.</summary>
/// <param name="Number">The 1-based line number.</param>
/// <param name="Text">The line as read (the resource's original JSON).</param>
/// <param name="Resource">The parsed resource.</param>
public sealed record FhirLine(int Number, string Text, Resource Resource);

/// <summary>
/// Reads FHIR R4 NDJSON that is already on disk (a Bulk Data export kept, the files of <c>analysis synth</c>, a site
/// node's data folder), with the same line-by-line parser and error messages as <see cref="FhirSource.ExportAsync"/>.
/// </summary>
public static class FhirNdjson
{
    /// <summary>Every resource in the file at <paramref name="path"/>, in order; blank lines are skipped.</summary>
    /// <param name="path">The NDJSON file.</param>
    /// <param name="resourceType">When given, every line must be a resource of this type.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="FhirSourceException">A line is not a FHIR R4 resource (or not of <paramref name="resourceType"/>); names the file and line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Task<IReadOnlyList<Resource>> ReadFileAsync(string path, string? resourceType = null, CancellationToken cancellationToken = default) =>
        // Parsing is CPU work in parallel batches; off the caller's thread so a notebook cell stays responsive.
        System.Threading.Tasks.Task.Run<IReadOnlyList<Resource>>(() =>
            [.. Read(path, new FhirLineFilter(Source(path), resourceType, null), cancellationToken).Select(l => l.Resource)], cancellationToken);

    /// <summary>
    /// The resources of the file at <paramref name="path"/> with their line numbers and original text, read as they are
    /// enumerated (in parallel batches). Lines whose <c>resourceType</c> is not one of <paramref name="resourceTypes"/>
    /// are skipped without being parsed, so a file of mixed types can be read for the types a caller stores.
    /// </summary>
    /// <param name="path">The NDJSON file.</param>
    /// <param name="resourceTypes">The types to read (null: every type).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="FhirSourceException">A line is not a FHIR R4 resource; names the file and line (<see cref="FhirSourceException.Line"/>, <see cref="FhirSourceException.Reason"/>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IEnumerable<FhirLine> ReadLines(string path, IReadOnlySet<string>? resourceTypes = null, CancellationToken cancellationToken = default) =>
        Read(path, new FhirLineFilter(Source(path), null, resourceTypes), cancellationToken);

    private static IEnumerable<FhirLine> Read(string path, FhirLineFilter filter, CancellationToken cancellationToken) =>
        FhirNdjsonParser.Parse(NdjsonReader.ReadLines(path, cancellationToken), filter, cancellationToken);

    private static Uri Source(string path) => new(Path.GetFullPath(path));
}
