using System.Numerics;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Pixels;

namespace Analysis.Imaging.Series;

/// <summary>
/// Loads a folder of single-frame DICOM images of one series into an <see cref="ImageVolume"/>: slices sorted by
/// Image Position (Patient) along the slice normal (Instance Number when positions are missing), with rows, columns,
/// pixel spacing, orientation and slice spacing checked to agree.
/// </summary>
public static class DicomSeries
{
    // Positions and directions written with 6 significant digits still agree to this many mm / cosine units.
    private const double Tolerance = 1e-3;

    /// <summary>Loads the series in a folder (subfolders are not searched), the voxels modality-rescaled in double.</summary>
    /// <param name="folder">The folder. Files named DICOMDIR, hidden files and DICOM files without pixel data are ignored.</param>
    /// <param name="seriesInstanceUid">Which series to load when the folder holds several.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="DicomFormatException">A file is corrupt, or the slices do not make one regular volume (the message says why and names the files).</exception>
    public static Task<ImageVolume<double>> LoadAsync(string folder, string? seriesInstanceUid = null, CancellationToken cancellationToken = default) =>
        LoadAsync<double>(folder, seriesInstanceUid, cancellationToken);

    /// <summary>Loads the series in a folder with the voxels in <typeparamref name="T"/>: <c>LoadAsync&lt;float&gt;(folder)</c>
    /// computes in double and stores float, half the memory.</summary>
    /// <typeparam name="T">double or float.</typeparam>
    /// <param name="folder">The folder. Files named DICOMDIR, hidden files and DICOM files without pixel data are ignored.</param>
    /// <param name="seriesInstanceUid">Which series to load when the folder holds several.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="DicomFormatException">A file is corrupt, or the slices do not make one regular volume (the message says why and names the files).</exception>
    public static async Task<ImageVolume<T>> LoadAsync<T>(string folder, string? seriesInstanceUid = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var paths = Directory.EnumerateFiles(folder)
            .Where(p => !Path.GetFileName(p).StartsWith('.') && !Path.GetFileName(p).Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        var files = new DicomFile[paths.Count];
        // Whole-file reads of a few hundred kB are faster synchronously; run them on the pool, in parallel.
        await Task.Run(() => Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => files[i] = DicomFile.Open(paths[i])), cancellationToken).ConfigureAwait(false);
        return FromFiles<T>(files, seriesInstanceUid, folder);
    }

    /// <summary>Loads the series in a folder synchronously, the voxels in double.</summary>
    public static ImageVolume<double> Load(string folder, string? seriesInstanceUid = null) => Load<double>(folder, seriesInstanceUid);

    /// <summary>Loads the series in a folder synchronously, the voxels in <typeparamref name="T"/> (double or float).</summary>
    public static ImageVolume<T> Load<T>(string folder, string? seriesInstanceUid = null) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LoadAsync<T>(folder, seriesInstanceUid).GetAwaiter().GetResult();

    /// <summary>The series found in a folder: UID, description and number of images.</summary>
    public static async Task<IReadOnlyList<(string SeriesInstanceUid, string? Description, int Images)>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var found = new List<DicomFile>();
        foreach (var path in Directory.EnumerateFiles(folder).Where(p => !Path.GetFileName(p).StartsWith('.')))
            found.Add(await DicomFile.OpenAsync(path, cancellationToken).ConfigureAwait(false));
        return found.Where(HasPixels).GroupBy(f => f.Dataset.GetString(DicomTag.SeriesInstanceUID) ?? "")
            .Select(g => (g.Key, g.First().Dataset.GetString(DicomTag.SeriesDescription), g.Count())).ToList();
    }

    /// <summary>Builds a volume from opened files of one series.</summary>
    /// <param name="files">The files (any order).</param>
    /// <param name="seriesInstanceUid">Which series to use when the files hold several.</param>
    /// <param name="where">A name for error messages (e.g. the folder).</param>
    public static ImageVolume<double> FromFiles(IReadOnlyList<DicomFile> files, string? seriesInstanceUid = null, string where = "the files given") =>
        FromFiles<double>(files, seriesInstanceUid, where);

    /// <summary>Builds a volume from opened files of one series, the voxels in <typeparamref name="T"/> (double or float).</summary>
    /// <param name="files">The files (any order).</param>
    /// <param name="seriesInstanceUid">Which series to use when the files hold several.</param>
    /// <param name="where">A name for error messages (e.g. the folder).</param>
    public static ImageVolume<T> FromFiles<T>(IReadOnlyList<DicomFile> files, string? seriesInstanceUid = null, string where = "the files given")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(files);
        var images = files.Where(HasPixels).ToList();
        var groups = images.GroupBy(f => f.Dataset.GetString(DicomTag.SeriesInstanceUID) ?? "").ToList();
        if (seriesInstanceUid is not null)
            images = groups.FirstOrDefault(g => g.Key == seriesInstanceUid)?.ToList()
                ?? throw new DicomFormatException($"No image of series {seriesInstanceUid} in {where}; found: {string.Join(", ", groups.Select(g => g.Key))}");
        else if (groups.Count > 1)
            throw new DicomFormatException($"{where} mixes {groups.Count} series ({string.Join(", ", groups.Select(g => $"{g.Key}: {g.Count()} images"))}); pass seriesInstanceUid to choose one");
        if (images.Count == 0) throw new DicomFormatException($"No DICOM image with pixel data in {where}");

        var first = images[0];
        int rows = first.Dataset.GetInt(DicomTag.Rows) ?? 0, columns = first.Dataset.GetInt(DicomTag.Columns) ?? 0;
        var spacing = first.Dataset.GetDoubles(DicomTag.PixelSpacing) is [var r, var c] ? (r, c) : (1.0, 1.0);
        var orientation = first.Dataset.GetDoubles(DicomTag.ImageOrientationPatient) is { Length: 6 } firstOrientation ? firstOrientation : null;
        foreach (var image in images)
        {
            var ds = image.Dataset;
            Require(ds.GetInt(DicomTag.Rows) == rows && ds.GetInt(DicomTag.Columns) == columns, image, first,
                $"is {ds.GetInt(DicomTag.Rows)}x{ds.GetInt(DicomTag.Columns)} but {rows}x{columns} was expected");
            Require((ds.GetInt(DicomTag.NumberOfFrames) ?? 1) == 1 || images.Count == 1, image, first, "is multi-frame; load it alone or with DicomFile.GetPixels");
            Require((ds.GetInt(DicomTag.SamplesPerPixel) ?? 1) == 1, image, first, "is a colour image; volumes are greyscale");
            var pixelSpacing = ds.GetDoubles(DicomTag.PixelSpacing) is [var pr, var pc] ? (pr, pc) : (1.0, 1.0);
            Require(Math.Abs(pixelSpacing.Item1 - spacing.Item1) < Tolerance && Math.Abs(pixelSpacing.Item2 - spacing.Item2) < Tolerance, image, first,
                $"has Pixel Spacing {pixelSpacing.Item1}\\{pixelSpacing.Item2} but {spacing.Item1}\\{spacing.Item2} was expected");
            var o = ds.GetDoubles(DicomTag.ImageOrientationPatient);
            Require(orientation is null || (o.Length == 6 && o.Zip(orientation).All(p => Math.Abs(p.First - p.Second) < Tolerance)), image, first,
                $"has Image Orientation (Patient) {string.Join("\\", o)} but {string.Join("\\", orientation ?? [])} was expected");
        }

        var rowDirection = orientation?[..3] ?? [1, 0, 0];
        var columnDirection = orientation?[3..] ?? [0, 1, 0];
        var normal = Cross(rowDirection, columnDirection);
        var positions = images.Select(f => f.Dataset.GetDoubles(DicomTag.ImagePositionPatient)).ToList();
        var byPosition = orientation is not null && positions.All(p => p.Length == 3);
        var sorted = byPosition
            ? images.Zip(positions).Select(p => (File: p.First, Key: Dot(p.Second, normal))).OrderBy(p => p.Key).ToList()
            : images.Select(f => (File: f, Key: (double)(f.Dataset.GetInt(DicomTag.InstanceNumber) ?? 0))).OrderBy(p => p.Key).ToList();

        var sliceSpacing = first.Dataset.GetDouble(DicomTag.SpacingBetweenSlices) ?? first.Dataset.GetDouble(DicomTag.SliceThickness) ?? 1;
        if (byPosition && sorted.Count > 1)
        {
            var gaps = sorted.Zip(sorted.Skip(1)).Select(p => (Gap: p.Second.Key - p.First.Key, p.First.File, Next: p.Second.File)).ToList();
            if (gaps.FirstOrDefault(g => g.Gap < Tolerance) is { File: not null } duplicate)
                throw new DicomFormatException($"{Name(duplicate.File)} and {Name(duplicate.Next)} lie at the same position along the slice normal; the series has duplicate slices");
            sliceSpacing = (sorted[^1].Key - sorted[0].Key) / (sorted.Count - 1);
            if (gaps.FirstOrDefault(g => Math.Abs(g.Gap - sliceSpacing) > Math.Max(Tolerance, 0.01 * sliceSpacing)) is { File: not null } odd)
                throw new DicomFormatException($"Slices are not evenly spaced: {Name(odd.File)} to {Name(odd.Next)} is {odd.Gap:0.###} mm, the mean spacing {sliceSpacing:0.###} mm (a missing slice?)");
        }
        else if (sorted.Select(s => s.Key).Distinct().Count() != sorted.Count)
            throw new DicomFormatException($"Slices have no Image Position (Patient) and repeat Instance Numbers in {where}, so they cannot be ordered");

        var frames = sorted.Count == 1 ? first.Dataset.GetInt(DicomTag.NumberOfFrames) ?? 1 : 1;
        var total = (long)sorted.Count * frames * rows * columns;
        if (total > Array.MaxLength) throw new DicomFormatException($"{sorted.Count} slices of {rows}x{columns} exceed the largest array .NET can hold");
        var data = GC.AllocateUninitializedArray<T>((int)total);
        var sliceSize = (int)((long)frames * rows * columns);
        // Each slice is rescaled with its own slope and intercept (PET series change them slice by slice).
        Parallel.For(0, sorted.Count, i => PixelDecoder.DecodeRescaled(sorted[i].File.Dataset, sorted[i].File.TransferSyntax, data.AsSpan(i * sliceSize, sliceSize)));
        var origin = byPosition ? sorted[0].File.Dataset.GetDoubles(DicomTag.ImagePositionPatient) : [0.0, 0.0, 0.0];
        return new ImageVolume<T>(data, new VolumeGeometry(sorted.Count * frames, rows, columns, spacing.Item1, spacing.Item2, sliceSpacing, origin,
            rowDirection, columnDirection, normal, sorted.Select(s => s.File.Source ?? "").ToList(), groups.Count == 1 ? groups[0].Key : seriesInstanceUid));
    }

    private static bool HasPixels(DicomFile file) => file.Dataset.Contains(DicomTag.PixelData);

    private static void Require(bool condition, DicomFile file, DicomFile first, string problem)
    {
        if (!condition) throw new DicomFormatException($"{Name(file)} {problem} (from {Name(first)}); the series is not one regular volume");
    }

    private static string Name(DicomFile file) => file.Source ?? "a file";

    private static double[] Cross(double[] a, double[] b) =>
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
