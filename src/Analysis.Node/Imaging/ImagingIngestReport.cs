namespace Analysis.Node.Imaging;

/// <summary>What ingesting a site's <c>imaging/</c> folder did.</summary>
/// <param name="Files">DICOM files read.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="Series">Series recorded (linked to a patient of the site).</param>
/// <param name="Studies">Studies recorded.</param>
/// <param name="PixelsUnavailable">Series recorded with pixels marked unavailable (a transfer syntax the reader cannot decode).</param>
/// <param name="Features">Series whose tumour mask gave image features.</param>
/// <param name="Skipped">Files skipped, each as <c>imaging/relative/path: reason</c> (corrupt, truncated, not an image).</param>
/// <param name="UnknownPatients">Series not recorded because their patient is not a patient of the site, each naming its folder and the patient.</param>
/// <param name="Warnings">Series recorded with a caveat (e.g. a mask that does not fit the series, so no features).</param>
public sealed record ImagingIngestReport(int Files, long Bytes, int Series, int Studies, int PixelsUnavailable, int Features,
    IReadOnlyList<string> Skipped, IReadOnlyList<string> UnknownPatients, IReadOnlyList<string> Warnings)
{
    /// <summary>No folder: nothing read.</summary>
    public static ImagingIngestReport None { get; } = new(0, 0, 0, 0, 0, 0, [], [], []);

    /// <summary>One line for the operator, e.g. <c>imaging: 40 series (22 studies) from 640 files, 1 skipped, 0 unknown patients</c>.</summary>
    public override string ToString() =>
        $"imaging: {Series} series ({Studies} studies) from {Files} files, {Features} with tumour features, {PixelsUnavailable} without decodable pixels, " +
        $"{Skipped.Count} files skipped, {UnknownPatients.Count} series of unknown patients";
}
