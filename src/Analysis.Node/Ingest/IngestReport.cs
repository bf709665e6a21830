namespace Analysis.Node.Ingest;

/// <summary>What one ingest run did.</summary>
/// <param name="Ingested">Files whose rows were added or replaced, with their row counts.</param>
/// <param name="Unchanged">Files skipped because the same name, size and hash were ingested before.</param>
/// <param name="Errors">Files refused, each naming the file and line; their earlier rows (if any) are kept.</param>
public sealed record IngestReport(IReadOnlyDictionary<string, long> Ingested, IReadOnlyList<string> Unchanged, IReadOnlyList<IngestException> Errors)
{
    /// <summary>What the <c>imaging/</c> folder gave (series, studies, files skipped, series of unknown patients).</summary>
    public Imaging.ImagingIngestReport Imaging { get; init; } = Node.Imaging.ImagingIngestReport.None;

    /// <summary>True when no file was refused.</summary>
    public bool Succeeded => Errors.Count == 0;
}
