using System.Buffers.Binary;
using System.Text;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Nifti;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

/// <summary>Truncated, corrupted and hostile input: a clear format error with the offset, never a crash or hang.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string> DicomSamples => new(
    [
        "test_files/CT_small.dcm", "test_files/MR_small_bigendian.dcm", "test_files/MR_small_implicit.dcm", "test_files/image_dfl.dcm",
        "test_files/nested_priv_SQ.dcm", "test_files/rtplan.dcm", "test_files/SC_rgb_rle.dcm", "test_files/ExplVR_BigEndNoMeta.dcm",
        "test_files/UN_sequence.dcm", "charset_files/chrSQEncoding.dcm", "test_files/rtdose.dcm",
    ]);

    [Theory]
    [MemberData(nameof(DicomSamples))]
    public void Every_truncation_of_a_DICOM_file_is_a_clean_error_or_a_shorter_dataset(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(PydicomReference.DataDirectory.Value, file));
        // Every offset through the header region, then 300 points spread over the rest.
        var cuts = Enumerable.Range(0, Math.Min(bytes.Length, 1200)).Concat(Enumerable.Range(0, 300).Select(i => (int)((long)bytes.Length * i / 300))).Distinct();
        foreach (var cut in cuts)
            ReadEverything(bytes.AsMemory(0, cut), $"{file} cut at {cut}");
    }

    [Theory]
    [MemberData(nameof(DicomSamples))]
    public void Flipped_bytes_give_clean_errors(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(PydicomReference.DataDirectory.Value, file));
        var random = new Random(file.Length);
        for (var trial = 0; trial < 400; trial++)
        {
            var bytes = (byte[])original.Clone();
            // Most damage lands in the first kilobytes, where the element headers are.
            for (var flips = random.Next(1, 5); flips > 0; flips--)
                bytes[random.Next(Math.Min(bytes.Length, trial % 2 == 0 ? 2048 : bytes.Length))] ^= (byte)random.Next(1, 256);
            ReadEverything(bytes, $"{file} trial {trial}");
        }
    }

    private static void ReadEverything(ReadOnlyMemory<byte> bytes, string what)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Parse(bytes, what, maxInflatedBytes: 64 << 20);
        }
        catch (DicomFormatException e)
        {
            Assert.True(e.Offset >= 0 && e.Offset <= Math.Max(bytes.Length, 64 << 20), $"{what}: offset {e.Offset} in '{e.Message}'");
            Assert.Contains("byte offset", e.Message, StringComparison.Ordinal);
            return;
        }
        // What was read must be readable without anything but format / not-supported errors.
        try { Touch(file.Dataset); file.GetPixels(); }
        catch (DicomFormatException) { }
        catch (NotSupportedException) { }
    }

    private static void Touch(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            if (element.Items is not null) { foreach (var item in element.Items) Touch(item); continue; }
            try { dataset.GetStrings(element.Tag); }
            catch (DicomFormatException) { }
            catch (NotSupportedException) { }
        }
    }

    private static byte[] Part10(Action<BinaryWriter> dataset, string transferSyntax = "1.2.840.10008.1.2.1")
    {
        var stream = new MemoryStream();
        var writer = new BinaryWriter(stream);
        writer.Write(new byte[128]);
        writer.Write("DICM"u8);
        var uid = Encoding.ASCII.GetBytes(transferSyntax.Length % 2 == 1 ? transferSyntax + "\0" : transferSyntax);
        writer.Write((ushort)0x0002); writer.Write((ushort)0x0010); writer.Write("UI"u8); writer.Write((ushort)uid.Length); writer.Write(uid);
        dataset(writer);
        return stream.ToArray();
    }

    [Fact]
    public void An_absurd_length_names_the_element_and_offset_without_allocating()
    {
        var bytes = Part10(w => { w.Write((ushort)0x0010); w.Write((ushort)0x4000); w.Write("UT"u8); w.Write((ushort)0); w.Write(0xFFFFFFF0u); w.Write("x"u8); });
        var error = Assert.Throws<DicomFormatException>(() => DicomFile.Parse(bytes));
        Assert.Equal(new DicomTag(0x0010, 0x4000), error.Tag);
        Assert.Equal(160, error.Offset);
        Assert.Contains("4294967280", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequences_nested_beyond_reason_are_refused_not_a_stack_overflow()
    {
        var bytes = Part10(w =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                w.Write((ushort)0x0008); w.Write((ushort)0x1140); w.Write("SQ"u8); w.Write((ushort)0); w.Write(0xFFFFFFFFu);
                w.Write((ushort)0xFFFE); w.Write((ushort)0xE000); w.Write(0xFFFFFFFFu);
            }
        });
        var error = Assert.Throws<DicomFormatException>(() => DicomFile.Parse(bytes));
        Assert.Contains("nest deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deflate_bomb_stops_at_the_bound()
    {
        var inflated = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(inflated, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0009); // a private OB element of 64 MiB of zeros
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0x1010);
            deflate.Write(header.AsSpan(0, 4)); deflate.Write("OB\0\0"u8); deflate.Write(BitConverter.GetBytes(64u << 20));
            deflate.Write(new byte[64 << 20]);
        }
        var bytes = Part10(w => w.Write(inflated.ToArray()), DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid);
        var error = Assert.Throws<DicomFormatException>(() => DicomFile.Parse(bytes, maxInflatedBytes: 1 << 20));
        Assert.Contains("inflates beyond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_DICOM_file_says_so()
    {
        var error = Assert.Throws<DicomFormatException>(() => DicomFile.Parse("just some text, long enough to be a file"u8.ToArray(), "notes.txt"));
        Assert.Contains("Not a DICOM file", error.Message, StringComparison.Ordinal);
        Assert.Contains("notes.txt", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> NiftiSamples => new(["anatomical.nii", "example4d.nii.gz", "standard.nii.gz", "example_nifti2.nii.gz"]);

    [Theory]
    [MemberData(nameof(NiftiSamples))]
    public async Task Every_truncation_of_a_NIfTI_file_is_a_NiftiFormatException(string name)
    {
        var path = Path.Combine(NibabelReference.DataDirectory.Value, name);
        var bytes = await File.ReadAllBytesAsync(path);
        var cuts = Enumerable.Range(0, Math.Min(bytes.Length - 1, 600)).Concat(Enumerable.Range(1, 200).Select(i => (int)((long)(bytes.Length - 1) * i / 200))).Distinct();
        var whole = await NiftiImage.ReadAsync(new MemoryStream(bytes), name);
        foreach (var cut in cuts)
        {
            try
            {
                // A gzip stream cut in its 8-byte trailer (or the final deflate bits) still inflates every voxel: they must all be right.
                var image = await NiftiImage.ReadAsync(new MemoryStream(bytes, 0, cut), $"{name} cut at {cut}");
                Assert.True(name.EndsWith(".gz", StringComparison.Ordinal) && cut >= bytes.Length - 16, $"{name} cut at {cut} was read");
                Assert.Equal(whole.Data, image.Data);
            }
            catch (NiftiFormatException error)
            {
                Assert.True(error.Offset >= -1 && error.Offset <= cut * 50L, error.Message);
            }
        }
    }

    [Theory]
    [MemberData(nameof(NiftiSamples))]
    public async Task Flipped_NIfTI_header_bytes_give_clean_errors(string name)
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(NibabelReference.DataDirectory.Value, name));
        var random = new Random(name.Length);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])original.Clone();
            bytes[random.Next(Math.Min(bytes.Length, 352))] ^= (byte)random.Next(1, 256);
            try { await NiftiImage.ReadAsync(new MemoryStream(bytes), name); }
            catch (NiftiFormatException) { }
            catch (NotSupportedException) { }
        }
    }

    [Fact]
    public async Task Absurd_dimensions_are_refused_before_allocating()
    {
        var header = new byte[352];
        BinaryPrimitives.WriteInt32LittleEndian(header, 348);
        short[] dim = [3, 32767, 32767, 32767, 1, 1, 1, 1];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(40 + 2 * i), dim[i]);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(70), 64);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(72), 64);
        BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(108), 352);
        "n+1\0"u8.CopyTo(header.AsSpan(344));
        var error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiImage.ReadAsync(new MemoryStream(header), "huge.nii"));
        Assert.Equal("dim", error.Field);
        dim[1] = dim[2] = 1000;  // 800 MB of float64 fits an array, but the file holds no voxels
        dim[3] = 100;
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(40 + 2 * i), dim[i]);
        error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiImage.ReadAsync(new MemoryStream(header), "huge.nii"));
        Assert.Contains("data end after 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_sizeof_hdr_and_unsupported_datatypes_are_named()
    {
        var error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiImage.ReadAsync(new MemoryStream(new byte[400]), "zeros.nii"));
        Assert.Equal("sizeof_hdr", error.Field);
        Assert.Equal(0, error.Offset);
        var path = Path.Combine(NibabelReference.DataDirectory.Value, "anatomical.nii");
        var bytes = await File.ReadAllBytesAsync(path);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(70), 128);
        var unsupported = await Assert.ThrowsAsync<NotSupportedException>(() => NiftiImage.ReadAsync(new MemoryStream(bytes), "rgb.nii"));
        Assert.Contains("RGB24", unsupported.Message, StringComparison.Ordinal);
    }
}
