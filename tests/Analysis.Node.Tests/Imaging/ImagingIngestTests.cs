using System.Text.Json;
using Analysis.Imaging.Dicom;
using Analysis.Node.Ingest;
using Analysis.Tests.Shared;

namespace Analysis.Node.Tests.Imaging;

/// <summary>Ingest of a site's <c>imaging/</c> folder on real DICOM files (pydicom's test files), against pydicom reading the same metadata.</summary>
public sealed class ImagingIngestTests
{
    private static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "pydicom", name);

    /// <summary>A site whose imaging folder holds pydicom's CT, MR and JPEG 2000 files, a truncated copy, a non-DICOM file and a series of an unknown patient.</summary>
    private static (string Dir, List<FixturePatient> Patients, IngestReport Report) Site()
    {
        var patients = SiteFixture.Random(12, 3);
        patients[0] = patients[0] with { Id = "1CT1" };
        patients[1] = patients[1] with { Id = "4MR1" };
        patients[2] = patients[2] with { Id = "8NM1" };
        var dir = SiteFixture.NewDirectory();
        SiteFixture.Write(dir, patients);
        void Copy(string name, string folder)
        {
            Directory.CreateDirectory(Path.Combine(dir, "imaging", folder));
            File.Copy(Shipped(name), Path.Combine(dir, "imaging", folder, name));
        }
        Copy("CT_small.dcm", "ct");
        Copy("MR_small.dcm", "mr");
        Copy("MR_truncated.dcm", "mr");
        Copy("JPEG2000.dcm", "nm");
        Directory.CreateDirectory(Path.Combine(dir, "imaging", "junk"));
        File.WriteAllText(Path.Combine(dir, "imaging", "junk", "notes.dcm"), "not a DICOM file, a note someone left here\n");
        var ghost = DicomFile.Open(Shipped("CT_small.dcm"));
        ghost.Dataset.Set(DicomTag.PatientID, DicomVR.LO, "ghost-1").Set(DicomTag.SeriesInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.10.99.1");
        Directory.CreateDirectory(Path.Combine(dir, "imaging", "ghost"));
        ghost.Save(Path.Combine(dir, "imaging", "ghost", "ghost.dcm"));
        return (dir, patients, new SiteIngestor(dir).Ingest());
    }

    private static List<Dictionary<string, object?>> Series(string dir)
    {
        using var connection = new SiteDatabase(dir).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM imaging_series ORDER BY modality";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }

    /// <summary>pydicom's reading of the shipped files' metadata: the independent reference.</summary>
    private static JsonElement Pydicom() => JsonDocument.Parse(ReferencePeer.Python($$"""
        import json, pydicom
        out = {}
        for name in ["CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm"]:
            d = pydicom.dcmread({{JsonSerializer.Serialize(Path.Combine(AppContext.BaseDirectory, "pydicom"))}} + "/" + name, stop_before_pixels=True)
            def opt(k, f=str):
                v = d.get(k)
                return None if v is None or str(v).strip() == "" else f(v)
            out[d.Modality] = {
                "patient": d.PatientID, "series": d.SeriesInstanceUID, "study": d.StudyInstanceUID, "date": d.get("SeriesDate") or d.StudyDate,
                "manufacturer": opt("Manufacturer", lambda v: str(v).strip()), "bodyPart": opt("BodyPartExamined", lambda v: str(v).strip().upper()),
                "thickness": opt("SliceThickness", float), "spacing": [float(x) for x in d.PixelSpacing],
                "rows": int(d.Rows), "columns": int(d.Columns), "frames": int(d.get("NumberOfFrames", 1) or 1),
                "syntax": str(d.file_meta.TransferSyntaxUID),
            }
        print(json.dumps(out))
        """)).RootElement;

    [Fact]
    public void Series_metadata_equals_pydicoms_reading_of_the_same_files()
    {
        var (dir, patients, report) = Site();
        var reference = Pydicom();
        var rows = Series(dir);
        Assert.Equal(["CT", "MR", "NM"], rows.Select(r => (string)r["modality"]!));
        foreach (var row in rows)
        {
            var py = reference.GetProperty((string)row["modality"]!);
            Assert.Equal(py.GetProperty("patient").GetString(), row["patient_id"]);
            Assert.Equal(py.GetProperty("manufacturer").GetString(), row["manufacturer"]);
            Assert.Equal(py.GetProperty("bodyPart").ValueKind == JsonValueKind.Null ? null : py.GetProperty("bodyPart").GetString(), row["body_part"]);
            Assert.Equal(py.GetProperty("thickness").ValueKind == JsonValueKind.Null ? null : py.GetProperty("thickness").GetDouble(), (double?)row["slice_thickness"]);
            Assert.Equal(py.GetProperty("spacing")[0].GetDouble(), (double)row["pixel_spacing_row"]!);
            Assert.Equal(py.GetProperty("spacing")[1].GetDouble(), (double)row["pixel_spacing_column"]!);
            Assert.Equal(py.GetProperty("rows").GetInt32(), (int)row["rows"]!);
            Assert.Equal(py.GetProperty("columns").GetInt32(), (int)row["columns"]!);
            Assert.Equal(py.GetProperty("frames").GetInt32(), (int)row["slices"]!);
            Assert.Equal(py.GetProperty("syntax").GetString(), row["transfer_syntax"]);
            // De-identified: UIDs are keyed pseudonyms, the date is shifted, but the interval from diagnosis is the true one.
            Assert.StartsWith("2.25.", (string)row["series_uid"]!);
            Assert.NotEqual(py.GetProperty("series").GetString(), row["series_uid"]);
            Assert.NotEqual(py.GetProperty("study").GetString(), row["study_uid"]);
            var original = DateOnly.ParseExact(py.GetProperty("date").GetString()!, "yyyyMMdd");
            Assert.NotEqual(original, (DateOnly)row["series_date"]!);
            var diagnosis = patients.Single(p => p.Id == (string)row["patient_id"]!).Diagnosis;
            Assert.Equal(original.DayNumber - diagnosis.DayNumber, (int)row["days_from_diagnosis"]!);
            Assert.StartsWith("ANON-", (string)row["patient_pseudonym"]!);
        }
        // JPEG 2000: metadata kept, pixels marked unavailable; the others decode.
        Assert.Equal([true, true, false], rows.Select(r => (bool)r["pixels_available"]!));
        Assert.Equal(1, report.Imaging.PixelsUnavailable);
        // The truncated copy of the MR series is skipped, so the series holds the one whole file.
        Assert.Equal(1L, Convert.ToInt64(Scalar(dir, "SELECT count(*) FROM imaging_files f JOIN imaging_series s USING (series_uid) WHERE s.modality = 'MR'")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Corrupt_files_and_unknown_patients_are_reported_by_name_and_the_rest_ingested()
    {
        var (dir, _, report) = Site();
        Assert.True(report.Succeeded);
        Assert.Equal(3, report.Imaging.Series);
        Assert.Collection(report.Imaging.Skipped.Order(StringComparer.Ordinal),
            s => Assert.StartsWith("imaging/junk/notes.dcm: ", s),
            s => Assert.StartsWith("imaging/mr/MR_truncated.dcm: ", s));
        var unknown = Assert.Single(report.Imaging.UnknownPatients);
        Assert.StartsWith("imaging/ghost: ", unknown);
        Assert.Contains("'ghost-1'", unknown);
        Assert.Equal(0L, Convert.ToInt64(Scalar(dir, "SELECT count(*) FROM imaging_series WHERE patient_id = 'ghost-1'")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Pseudonyms_are_stable_across_ingests_and_nothing_identifying_is_stored()
    {
        var (dir, _, _) = Site();
        var first = Series(dir).Select(r => (string)r["series_uid"]!).ToList();
        new SiteIngestor(dir).Ingest();
        Assert.Equal(first, Series(dir).Select(r => (string)r["series_uid"]!));
        var stored = Series(dir).SelectMany(r => r.Values).Select(v => v?.ToString()).OfType<string>().ToHashSet();
        foreach (var name in (string[])["CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm"])
        {
            var ds = DicomFile.Open(Shipped(name)).Dataset;
            foreach (var tag in (DicomTag[])[DicomTag.PatientName, DicomTag.InstitutionName, DicomTag.StudyInstanceUID, DicomTag.SeriesInstanceUID, DicomTag.AccessionNumber])
                if (ds.GetString(tag) is { Length: > 0 } value) Assert.DoesNotContain(value, stored);
        }
        Directory.Delete(dir, true);
    }

    internal static object? Scalar(string dir, string sql)
    {
        using var connection = new SiteDatabase(dir).Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
