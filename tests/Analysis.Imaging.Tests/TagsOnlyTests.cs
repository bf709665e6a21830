using Analysis.Imaging.Dicom;

namespace Analysis.Imaging.Tests;

/// <summary><see cref="DicomFile.OpenTags"/> reads only the start of a file: the elements it gives must be the whole read's.</summary>
public sealed class TagsOnlyTests
{
    [Theory]
    [InlineData(0)]        // the header fits in the first read
    [InlineData(40_000)]   // a large private value before the pixels: the read grows until the parse reaches them
    [InlineData(300_000)]  // larger again than the second read
    public void Tags_only_give_the_elements_before_the_pixels_whatever_the_header_size(int privateBytes)
    {
        var folder = Directory.CreateTempSubdirectory("tags-only-").FullName;
        try
        {
            var ds = SyntheticCt.Slice(0, 64, 64, [0, 0, 0], [1, 0, 0, 0, 1, 0], "1.2.3.4", "1.2.3");
            if (privateBytes > 0)
            {
                ds.Set(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ANALYSIS TEST");
                ds.Add(DicomElement.FromBytes(new DicomTag(0x0029, 0x1010), DicomVR.OB, Enumerable.Range(0, privateBytes).Select(i => (byte)i).ToArray()));
            }
            var path = Path.Combine(folder, "slice.dcm");
            DicomFile.Create(ds).Save(path);

            var whole = DicomFile.Open(path);
            var tags = DicomFile.OpenTags(path);
            PydicomConformanceTests.AssertSameElements(whole.Meta, tags.Meta, path);
            PydicomConformanceTests.AssertSameElements(whole.Dataset, tags.Dataset, path, beforePixels: true);
            Assert.Equal(whole.Dataset.GetString(DicomTag.PatientName), tags.Dataset.GetString(DicomTag.PatientName));
            Assert.True(whole.Dataset.Contains(DicomTag.PixelData));
            Assert.False(tags.Dataset.Contains(DicomTag.PixelData));
            var refusal = Assert.Throws<DicomFormatException>(() => tags.GetPixels());
            Assert.Contains("no pixel data", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_file_cut_short_before_its_pixels_is_refused_where_the_whole_read_refuses_it()
    {
        var folder = Directory.CreateTempSubdirectory("tags-only-").FullName;
        try
        {
            var ds = SyntheticCt.Slice(0, 64, 64, [0, 0, 0], [1, 0, 0, 0, 1, 0], "1.2.3.4", "1.2.3");
            ds.Set(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ANALYSIS TEST");
            ds.Add(DicomElement.FromBytes(new DicomTag(0x0029, 0x1010), DicomVR.OB, new byte[40_000]));
            var path = Path.Combine(folder, "slice.dcm");
            DicomFile.Create(ds).Save(path);
            var bytes = File.ReadAllBytes(path);
            // Cut inside the large private value, beyond the first 16 KB read.
            File.WriteAllBytes(path, bytes[..30_000]);
            var whole = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            var tags = Assert.Throws<DicomFormatException>(() => DicomFile.OpenTags(path));
            Assert.Equal(whole.Message, tags.Message);
            Assert.Equal(new DicomTag(0x0029, 0x1010), tags.Tag);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
