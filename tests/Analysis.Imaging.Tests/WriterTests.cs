using Analysis.Imaging.Dicom;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

/// <summary>Every readable pydicom test file, saved by our writer: we and pydicom read it back as the original.</summary>
public sealed class WriterTests
{
    internal static IEnumerable<string> Readable() => PydicomReference.Files().Where(f =>
    {
        try { return !IsDicomDir(DicomFile.Open(Path.Combine(PydicomReference.DataDirectory.Value, f))); }
        catch (DicomFormatException) { return false; }
    });

    private static bool IsDicomDir(DicomFile file) => file.Meta.GetString(DicomTag.MediaStorageSOPClassUID) == DicomWriter.MediaStorageDirectoryStorage;

    [Fact]
    public void DICOMDIRs_are_not_rewritten_since_their_offsets_would_break()
    {
        var path = Path.Combine(PydicomReference.DataDirectory.Value, "test_files/dicomdirtests/DICOMDIR");
        var error = Assert.Throws<NotSupportedException>(() => DicomFile.Open(path).Save(new MemoryStream()));
        Assert.Contains(DicomWriter.MediaStorageDirectoryStorage, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Files() => new(Readable());

    [Theory]
    [MemberData(nameof(Files))]
    public void Written_file_reads_back_identically_and_pydicom_agrees(string file)
    {
        var original = DicomFile.Open(Path.Combine(PydicomReference.DataDirectory.Value, file));
        var copies = PydicomCopies.Get("saved", f => f);
        var copyPath = copies.CopyOf[file];
        var copy = DicomFile.Open(copyPath);
        Assert.Equal(original.TransferSyntax.IsEncapsulated ? original.TransferSyntax.Uid : DicomTransferSyntax.ExplicitVRLittleEndian.Uid, copy.TransferSyntax.Uid);
        AssertSameElements(original.Dataset, copy.Dataset, file);
        var pydicom = copies.Pydicom[file];
        Assert.False(pydicom.TryGetProperty("error", out var error), $"pydicom cannot read our copy of {file}: {error}");
        var problems = new List<string>();
        PydicomConformanceTests.Compare("", copy.Dataset, pydicom.GetProperty("elements"), problems);
        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems.Take(20))}");
    }

    [Fact]
    public void Element_too_long_for_a_16_bit_length_is_refused_by_name()
    {
        var dataset = new DicomDataset().Set(DicomTag.PatientName, DicomVR.PN, new string('A', 70000));
        var error = Assert.Throws<InvalidOperationException>(() => DicomFile.Create(dataset).Save(new MemoryStream()));
        Assert.Contains("(0010,0010)", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertSameElements(DicomDataset expected, DicomDataset actual, string where)
    {
        Assert.Equal(expected.Select(e => e.Tag), actual.Select(e => e.Tag));
        foreach (var (a, b) in expected.Zip(actual))
        {
            // Encapsulated pixel data are always OB (PS3.5 A.4), whatever the original said.
            Assert.True(a.VR == b.VR || (a.Fragments is not null && b.VR == DicomVR.OB), $"{where} {a.Tag}: VR {a.VR} became {b.VR}");
            if (a.Items is not null)
            {
                Assert.Equal(a.Items.Count, b.Items!.Count);
                for (var i = 0; i < a.Items.Count; i++) AssertSameElements(a.Items[i], b.Items[i], $"{where} {a.Tag}[{i}]");
            }
            else if (a.Fragments is not null)
                Assert.Equal(a.Fragments.Select(f => f.Length + (f.Length & 1)), b.Fragments!.Select(f => f.Length));
            else
            {
                // The writer pads odd lengths to even (PS3.5 7.1.1) with the VR's padding byte.
                var value = a.RawValue.ToArray();
                var padded = value.Length % 2 == 0 ? value : [.. value, DicomVRInfo.PaddingByte(a.VR)];
                Assert.True(padded.AsSpan().SequenceEqual(b.RawValue.Span), $"{where} {a.Tag}: value changed");
            }
        }
    }
}
