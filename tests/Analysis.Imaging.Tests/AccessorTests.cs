using System.Globalization;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Pixels;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

/// <summary>Typed accessors against pydicom's own conversions of the same values.</summary>
public sealed class AccessorTests
{
    private static string PathOf(string file) => Path.Combine(PydicomReference.DataDirectory.Value, file);

    private static string Pydicom(string file, string expression) =>
        Python.Eval($"import pydicom, pydicom.valuerep as v; ds = pydicom.dcmread('{PathOf(file)}'); print({expression})");

    [Fact]
    public void Dates_times_numbers_and_names_match_pydicom()
    {
        var ds = DicomFile.Open(PathOf("test_files/CT_small.dcm")).Dataset;
        Assert.Equal(Pydicom("test_files/CT_small.dcm", "v.DA(ds.StudyDate).isoformat()"), ds.GetDate(DicomTag.StudyDate)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(Pydicom("test_files/CT_small.dcm", "v.TM(ds.StudyTime).isoformat()"), ds.GetTime(DicomTag.StudyTime)!.Value.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        Assert.Equal(Pydicom("test_files/CT_small.dcm", "list(map(float, ds.ImagePositionPatient))"),
            "[" + string.Join(", ", ds.GetDoubles(DicomTag.ImagePositionPatient).Select(d => d.ToString("0.0###############", CultureInfo.InvariantCulture))) + "]");
        Assert.Equal(Pydicom("test_files/CT_small.dcm", "ds.Rows"), ds.GetInt(DicomTag.Rows)!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(Pydicom("test_files/CT_small.dcm", "str(ds.PatientName)"), ds.GetString(DicomTag.PatientName));
        Assert.Null(ds.GetString(DicomTag.PatientAddress));
        Assert.Empty(ds.GetDoubles(DicomTag.PatientAddress));
    }

    [Fact]
    public void Private_tags_keep_their_creator()
    {
        var file = "test_files/CT_small.dcm";
        var ds = DicomFile.Open(PathOf(file)).Dataset;
        var expected = Pydicom(file, "next((str(ds[(e.tag.group, e.tag.element >> 8)].value) for e in ds if e.tag.is_private and e.tag.element >= 0x1000), None)");
        var tag = ds.First(e => e.Tag.IsPrivate && e.Tag.Element >= 0x1000).Tag;
        Assert.Equal(expected, ds.GetPrivateCreator(tag));
    }

    [Fact]
    public void Tags_parse_from_numbers_and_keywords()
    {
        Assert.Equal(DicomTag.PatientName, DicomTag.Parse("(0010,0010)"));
        Assert.Equal(DicomTag.PatientName, DicomTag.Parse("PatientName"));
        Assert.Equal(DicomTag.PixelData, DicomTag.Parse("7FE00010"));
        Assert.Equal("(0010,0010) PatientName", DicomTag.PatientName.ToString());
        Assert.Throws<FormatException>(() => DicomTag.Parse("NoSuchKeyword"));
    }

    [Fact]
    public void A_bad_number_names_the_tag_and_offset()
    {
        var ds = new DicomDataset().Set(DicomTag.SliceThickness, DicomVR.DS, "2.5", "abc");
        var error = Assert.Throws<DicomFormatException>(() => ds.GetDoubles(DicomTag.SliceThickness));
        Assert.Equal(DicomTag.SliceThickness, error.Tag);
        Assert.Contains("'abc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_character_sets_are_named()
    {
        var ds = new DicomDataset().Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 999");
        ds.Add(DicomElement.FromBytes(DicomTag.PatientName, DicomVR.PN, "Name"u8.ToArray()));
        var error = Assert.Throws<NotSupportedException>(() => ds.GetString(DicomTag.PatientName));
        Assert.Contains("ISO_IR 999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MONOCHROME1_display_values_invert_the_stored_range()
    {
        var ds = SyntheticCt.Slice(0, 4, 4, [0, 0, 0], [1, 0, 0, 0, 1, 0], "1.2.3", "1.2.4").Set(DicomTag.PhotometricInterpretation, DicomVR.CS, "MONOCHROME1");
        var file = DicomFile.Create(ds);
        var rescaled = file.GetPixels<double>(PixelValues.Rescaled).Data;
        var display = file.GetPixels<double>(PixelValues.Display).Data;
        // 12 bits stored, signed: stored range -2048..2047, rescaled by -1024, so v becomes (-2048 + 2047 - 2048) - v.
        for (var i = 0; i < rescaled.Length; i++) Assert.Equal(-2049 - rescaled[i], display[i]);
    }
}
