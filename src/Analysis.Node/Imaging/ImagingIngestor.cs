using Analysis.Imaging;
using Analysis.Imaging.Deidentification;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Nifti;
using Analysis.Imaging.Series;
using DuckDB.NET.Data;

namespace Analysis.Node.Imaging;

/// <summary>
/// Records the DICOM series under a site's <c>imaging/</c> folder in the site database, de-identified, with their link to
/// the clinical patient; pixels stay where they are. Tumour masks (<c>mask.nii</c> beside a series' files) give the
/// image features kept per patient.
/// </summary>
/// <remarks>
/// <para>Rebuilt in full on every ingest (the folder is re-read): the tables describe what the folder holds now.</para>
/// <para>De-identification follows PS3.15's basic profile (<see cref="DicomDeidentifier"/>) under a key derived from the
/// site's secret (<c>node.key</c>), so pseudonyms and date shifts are stable across ingests and unknown outside the site:
/// study and series UIDs become <c>2.25.</c> pseudonyms, the date is shifted per patient, names, birth dates, institution
/// and staff are never stored. The series description, which the basic profile removes, is kept under the Clean
/// Descriptors option: dropped when it contains the patient's ID or a part of their name. The link to the clinical
/// record is the Patient ID, which in a research site's data is already the pseudonymous <c>Patient.id</c> of the FHIR
/// files; the interval from diagnosis to the scan is kept in days (not identifying; the shifted date loses it).</para>
/// <para>Each study gets a secret study key (an HMAC of its pseudonymous UID under the site key), so a released count of
/// studies gets cell-key noise of its own, as a count of patients gets the noise of their record keys.</para>
/// </remarks>
internal static class ImagingIngestor
{
    /// <summary>The imaging folder's name in a site's data folder.</summary>
    public const string Folder = "imaging";

    /// <summary>Body Part Examined (0018,0015).</summary>
    internal static readonly DicomTag BodyPartExamined = new(0x0018, 0x0015);

    private const string RleLossless = "1.2.840.10008.1.2.5";

    private sealed record Instance(string Path, string Relative, long Bytes, DicomDataset Dataset, DicomTransferSyntax Syntax, int Frames);

    /// <summary>
    /// Reads the folder and replaces the imaging tables, then gives every patient the image features of their first CT
    /// series with a tumour mask (<c>tumour_volume</c>, <c>tumour_intensity</c>; null without one). The patients table must
    /// be built already.
    /// </summary>
    /// <param name="connection">The site database.</param>
    /// <param name="dataDirectory">The site's data folder.</param>
    /// <param name="secret">The site key (de-identification, study keys).</param>
    /// <param name="features">Whether the site's policy allows <c>imaging.features</c>; when not, no image is opened for
    /// features and the variables stay null.</param>
    public static ImagingIngestReport Ingest(DuckDBConnection connection, string dataDirectory, Disclosure.SiteSecret secret, bool features = true)
    {
        var report = Read(connection, dataDirectory, secret, features);
        // Every patient has the columns (null without a masked CT), so the variables exist at every site.
        Execute(connection, """
            CREATE OR REPLACE TABLE patients AS
            SELECT p.*, f.tumour_volume, f.tumour_intensity
            FROM patients p
            LEFT JOIN (
                SELECT f.patient_id, arg_min(f.tumour_volume, coalesce(s.days_from_diagnosis, 0)) AS tumour_volume,
                       arg_min(f.tumour_intensity, coalesce(s.days_from_diagnosis, 0)) AS tumour_intensity
                FROM imaging_features f JOIN imaging_series s USING (series_uid)
                WHERE f.modality = 'CT' GROUP BY f.patient_id) f ON f.patient_id = p.id
            """);
        return report;
    }

    private static ImagingIngestReport Read(DuckDBConnection connection, string dataDirectory, Disclosure.SiteSecret secret, bool computeFeatures)
    {
        Execute(connection, """
            CREATE OR REPLACE TABLE imaging_series (
                series_uid VARCHAR PRIMARY KEY, study_uid VARCHAR, patient_id VARCHAR, patient_pseudonym VARCHAR,
                modality VARCHAR, body_part VARCHAR, manufacturer VARCHAR, series_description VARCHAR,
                slices INTEGER, rows INTEGER, columns INTEGER, slice_thickness DOUBLE, pixel_spacing_row DOUBLE, pixel_spacing_column DOUBLE,
                series_date DATE, days_from_diagnosis INTEGER, transfer_syntax VARCHAR, pixels_available BOOLEAN,
                folder VARCHAR, bytes BIGINT, mask VARCHAR, study_key UBIGINT)
            """);
        Execute(connection, "CREATE OR REPLACE TABLE imaging_files (series_uid VARCHAR, path VARCHAR)");
        Execute(connection, "CREATE OR REPLACE TABLE imaging_features (patient_id VARCHAR, series_uid VARCHAR, modality VARCHAR, tumour_volume DOUBLE, tumour_intensity DOUBLE)");
        var root = Path.Combine(dataDirectory, Folder);
        if (!Directory.Exists(root)) return ImagingIngestReport.None;

        var deidentifier = new DicomDeidentifier(Convert.ToHexString(secret.Hash("dicom de-identification v1")));
        var skipped = new List<string>();
        var instances = new List<Instance>();
        long bytes = 0;
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(dataDirectory, path).Replace('\\', '/');
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || IsMask(name) || name.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase))
                continue;
            try
            {
                var file = DicomFile.Open(path);
                var length = new FileInfo(path).Length;
                bytes += length;
                if (file.Dataset.GetString(DicomTag.SeriesInstanceUID) is not { Length: > 0 })
                {
                    skipped.Add($"{relative}: no Series Instance UID (0020,000E); not an image of a series");
                    continue;
                }
                instances.Add(new Instance(path, relative, length, file.Dataset, file.TransferSyntax, file.Dataset.GetInt(DicomTag.NumberOfFrames) ?? 1));
            }
            catch (Exception e) when (e is ImagingFormatException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or FormatException)
            {
                skipped.Add($"{relative}: {e.Message}");
            }
        }

        var diagnosis = new Dictionary<string, DateOnly?>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, diagnosis_date FROM patients";
            using var reader = command.ExecuteReader();
            while (reader.Read()) diagnosis[reader.GetString(0)] = reader.IsDBNull(1) ? null : DateOnly.FromDateTime(reader.GetDateTime(1));
        }

        var unknown = new List<string>();
        var warnings = new List<string>();
        int series = 0, unavailable = 0, features = 0;
        var studies = new HashSet<string>(StringComparer.Ordinal);
        using var transaction = connection.BeginTransaction();
        using (var seriesRows = connection.CreateAppender("imaging_series"))
        using (var fileRows = connection.CreateAppender("imaging_files"))
        using (var featureRows = connection.CreateAppender("imaging_features"))
        {
            foreach (var group in instances.GroupBy(i => i.Dataset.GetString(DicomTag.SeriesInstanceUID)!, StringComparer.Ordinal))
            {
                var files = group.OrderBy(i => i.Dataset.GetInt(DicomTag.InstanceNumber) ?? 0).ThenBy(i => i.Relative, StringComparer.Ordinal).ToList();
                var first = files[0].Dataset;
                var folders = files.Select(f => Path.GetDirectoryName(f.Relative)!.Replace('\\', '/')).Distinct().ToList();
                var folder = string.Join(", ", folders);
                var patientId = first.GetString(DicomTag.PatientID)?.Trim() ?? "";
                if (!diagnosis.TryGetValue(patientId, out var diagnosed))
                {
                    unknown.Add($"{folder}: series of {files.Count} files for patient '{patientId}', who is not a patient of this site (no Patient resource); not recorded");
                    continue;
                }
                var clean = first.Clone();
                deidentifier.Apply(clean);
                var seriesUid = deidentifier.PseudonymizeUid(group.Key);
                var studyUid = deidentifier.PseudonymizeUid(first.GetString(DicomTag.StudyInstanceUID) ?? group.Key);
                var original = first.GetDate(DicomTag.SeriesDate) ?? first.GetDate(DicomTag.StudyDate);
                var shifted = clean.GetDate(DicomTag.SeriesDate) ?? clean.GetDate(DicomTag.StudyDate);
                var syntax = files.Select(f => f.Syntax).FirstOrDefault(s => s.IsEncapsulated && s.Uid != RleLossless) ?? files[0].Syntax;
                var decodable = !syntax.IsEncapsulated || syntax.Uid == RleLossless;
                var spacing = first.GetDoubles(DicomTag.PixelSpacing);
                var mask = folders.Count == 1 ? MaskOf(dataDirectory, folders[0]) : null;
                studies.Add(studyUid);
                series++;
                if (!decodable) unavailable++;
                var row = seriesRows.CreateRow()
                    .AppendValue(seriesUid).AppendValue(studyUid).AppendValue(patientId).AppendValue(deidentifier.Pseudonym(patientId))
                    .AppendValue(Upper(first.GetString(DicomTag.Modality))).AppendValue(Upper(first.GetString(BodyPartExamined)))
                    .AppendValue(Text(first.GetString(DicomTag.Manufacturer))).AppendValue(CleanDescription(first.GetString(DicomTag.SeriesDescription), first))
                    .AppendValue(files.Sum(f => f.Frames)).AppendValue(first.GetInt(DicomTag.Rows)).AppendValue(first.GetInt(DicomTag.Columns))
                    .AppendValue(first.GetDouble(DicomTag.SliceThickness))
                    .AppendValue(spacing.Length > 0 ? spacing[0] : (double?)null).AppendValue(spacing.Length > 1 ? spacing[1] : (double?)null);
                if (shifted is { } d) row.AppendValue(d); else row.AppendNullValue();
                row.AppendValue(original is { } o && diagnosed is { } dx ? o.DayNumber - dx.DayNumber : (int?)null)
                    .AppendValue(syntax.Uid).AppendValue(decodable).AppendValue(folder).AppendValue(files.Sum(f => f.Bytes)).AppendValue(mask)
                    .AppendValue(BitConverter.ToUInt64(secret.Hash("study:" + studyUid), 0)).EndRow();
                foreach (var f in files) fileRows.CreateRow().AppendValue(seriesUid).AppendValue(f.Relative).EndRow();
                if (mask is null || !decodable || !computeFeatures) continue;
                try
                {
                    var feature = TumourFeatures.Compute([.. files.Select(f => DicomFile.Open(f.Path))], Path.Combine(dataDirectory, mask), folder);
                    featureRows.CreateRow().AppendValue(patientId).AppendValue(seriesUid).AppendValue(Upper(first.GetString(DicomTag.Modality)))
                        .AppendValue(feature.VolumeMl).AppendValue(feature.MeanIntensity).EndRow();
                    features++;
                }
                catch (Exception e) when (e is ImagingFormatException or IOException or NotSupportedException or InvalidDataException or ArgumentException or FormatException)
                {
                    warnings.Add($"{folder}: no tumour features ({e.Message})");
                }
            }
        }
        transaction.Commit();
        return new ImagingIngestReport(instances.Count, bytes, series, studies.Count, unavailable, features, skipped, unknown, warnings);
    }

    private static bool IsMask(string name) => name.StartsWith("mask.", StringComparison.OrdinalIgnoreCase);

    private static string? MaskOf(string dataDirectory, string folder)
    {
        foreach (var name in (string[])["mask.nii", "mask.nii.gz"])
            if (File.Exists(Path.Combine(dataDirectory, folder, name))) return $"{folder}/{name}";
        return null;
    }

    private static string? Upper(string? text) => Text(text)?.ToUpperInvariant();

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The Clean Descriptors step: a description naming the patient (their ID or a part of their name) is dropped.</summary>
    private static string? CleanDescription(string? description, DicomDataset dataset)
    {
        if (Text(description) is not { } text) return null;
        var id = dataset.GetString(DicomTag.PatientID);
        var names = (dataset.GetString(DicomTag.PatientName) ?? "").Split(['^', ' '], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 3);
        var identifying = (id is { Length: > 0 } && text.Contains(id, StringComparison.OrdinalIgnoreCase))
                          || names.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
        return identifying ? null : text;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Image features of a tumour: its volume and the mean image value inside its mask.</summary>
/// <param name="VolumeMl">Mask voxels × voxel volume, in millilitres.</param>
/// <param name="MeanIntensity">Mean modality value (HU for CT) over the mask's voxels.</param>
internal sealed record TumourFeatures(double VolumeMl, double MeanIntensity)
{
    /// <summary>The features of a series' volume (loaded and sorted as <see cref="DicomSeries"/> does) and its NIfTI mask on the same grid.</summary>
    /// <param name="files">The series' files.</param>
    /// <param name="maskPath">The mask: NIfTI, dimensions [columns, rows, slices], non-zero inside the tumour.</param>
    /// <param name="where">The series' folder, for messages.</param>
    /// <exception cref="InvalidDataException">The mask does not fit the series or is empty.</exception>
    public static TumourFeatures Compute(IReadOnlyList<DicomFile> files, string maskPath, string where)
    {
        var volume = DicomSeries.FromFiles(files, where: where);
        var mask = NiftiImage.Open(maskPath);
        int[] expected = [volume.Columns, volume.Rows, volume.Slices];
        if (!mask.Dimensions.Take(3).SequenceEqual(expected) || mask.Dimensions.Skip(3).Any(d => d != 1))
            throw new InvalidDataException($"the mask is {string.Join("×", mask.Dimensions)} voxels but the series is {string.Join("×", expected)} (columns × rows × slices)");
        // NIfTI runs x fastest, then y, then z: the same order as the volume's [slice, row, column] in C order.
        var labels = mask.Data;
        var values = volume.Data;
        long count = 0;
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == 0) continue;
            count++;
            sum += values[i];
        }
        if (count == 0) throw new InvalidDataException("the mask is empty");
        return new TumourFeatures(count * volume.RowSpacing * volume.ColumnSpacing * volume.SliceSpacing / 1000.0, sum / count);
    }
}
