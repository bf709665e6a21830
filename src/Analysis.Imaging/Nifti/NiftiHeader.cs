using System.Buffers.Binary;
using System.Text;

namespace Analysis.Imaging.Nifti;

/// <summary>
/// The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that locate and scale the voxels. The byte order
/// is detected from <c>sizeof_hdr</c>, as the format prescribes.
/// </summary>
public sealed record NiftiHeader
{
    /// <summary>1 for NIfTI-1, 2 for NIfTI-2.</summary>
    public required int Version { get; init; }
    /// <summary>True when the file is big-endian.</summary>
    public required bool BigEndian { get; init; }
    /// <summary>The NIFTI_TYPE code (2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 256 int8, 512 uint16, 768 uint32, 1024 int64, 1280 uint64).</summary>
    public required short DataType { get; init; }
    /// <summary>Bits per voxel.</summary>
    public required short BitPix { get; init; }
    /// <summary>dim[0..7]: dim[0] is the number of dimensions, dim[1..] their sizes (x fastest).</summary>
    public required long[] Dim { get; init; }
    /// <summary>pixdim[0..7]: pixdim[0] is qfac, pixdim[1..] voxel sizes (mm) and time step.</summary>
    public required double[] PixDim { get; init; }
    /// <summary>Byte offset of the voxels in the .nii file (or the .img file of a pair).</summary>
    public required double VoxOffset { get; init; }
    /// <summary>Scale slope (0 or NaN: no scaling).</summary>
    public required double SclSlope { get; init; }
    /// <summary>Scale intercept.</summary>
    public required double SclInter { get; init; }
    /// <summary>qform_code: meaning of the quaternion transform (0 = unknown).</summary>
    public required int QformCode { get; init; }
    /// <summary>sform_code: meaning of the affine rows (0 = unknown).</summary>
    public required int SformCode { get; init; }
    /// <summary>Quaternion b, c, d.</summary>
    public required double[] Quaternion { get; init; }
    /// <summary>qoffset x, y, z.</summary>
    public required double[] QOffset { get; init; }
    /// <summary>srow_x, srow_y, srow_z: the three rows of the sform affine.</summary>
    public required double[][] SRows { get; init; }
    /// <summary>Intent code.</summary>
    public required int IntentCode { get; init; }
    /// <summary>Spatial and temporal units (xyzt_units).</summary>
    public required int XyztUnits { get; init; }
    /// <summary>The free-text description (descrip).</summary>
    public required string Description { get; init; }
    /// <summary>The magic string: "n+1"/"n+2" for single files, "ni1"/"ni2" for .hdr/.img pairs.</summary>
    public required string Magic { get; init; }

    /// <summary>Size of the header in bytes (348 or 540).</summary>
    public int Size => Version == 1 ? 348 : 540;

    /// <summary>True for a header whose voxels live in a separate .img file.</summary>
    public bool IsPair => Magic is "ni1" or "ni2";

    /// <summary>Number of dimensions (dim[0]).</summary>
    public int Rank => (int)Dim[0];

    /// <summary>Parses a header from its first bytes (at least 348, or 540 for NIfTI-2).</summary>
    /// <exception cref="NiftiFormatException">The bytes are not a NIfTI header, or a field is out of range.</exception>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 4) throw new NiftiFormatException($"The file holds {bytes.Length} bytes, too few for a NIfTI header", source, 0, "sizeof_hdr");
        var little = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var big = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var (version, bigEndian) = (little, big) switch
        {
            (348, _) => (1, false), (_, 348) => (1, true), (540, _) => (2, false), (_, 540) => (2, true),
            _ => throw new NiftiFormatException($"sizeof_hdr is {little} (or {big} big-endian), not 348 (NIfTI-1) or 540 (NIfTI-2)", source, 0, "sizeof_hdr"),
        };
        var size = version == 1 ? 348 : 540;
        if (bytes.Length < size) throw new NiftiFormatException($"The header is cut short: {bytes.Length} of {size} bytes", source, bytes.Length, "sizeof_hdr");
        var r = new FieldReader(bytes[..size].ToArray(), bigEndian);
        var header = version == 1 ? ParseVersion1(r, bigEndian) : ParseVersion2(r, bigEndian);
        header.Validate(source);
        return header;
    }

    private static NiftiHeader ParseVersion1(FieldReader r, bool bigEndian) => new()
    {
        Version = 1, BigEndian = bigEndian,
        Dim = Enumerable.Range(0, 8).Select(i => (long)r.Int16(40 + 2 * i)).ToArray(),
        DataType = r.Int16(70), BitPix = r.Int16(72),
        PixDim = Enumerable.Range(0, 8).Select(i => (double)r.Single(76 + 4 * i)).ToArray(),
        VoxOffset = r.Single(108), SclSlope = r.Single(112), SclInter = r.Single(116),
        XyztUnits = r.Byte(123), Description = r.Text(148, 80),
        QformCode = r.Int16(252), SformCode = r.Int16(254),
        Quaternion = [r.Single(256), r.Single(260), r.Single(264)],
        QOffset = [r.Single(268), r.Single(272), r.Single(276)],
        SRows = Enumerable.Range(0, 3).Select(row => Enumerable.Range(0, 4).Select(c => (double)r.Single(280 + 16 * row + 4 * c)).ToArray()).ToArray(),
        IntentCode = r.Int16(68), Magic = r.Text(344, 4),
    };

    private static NiftiHeader ParseVersion2(FieldReader r, bool bigEndian) => new()
    {
        Version = 2, BigEndian = bigEndian, Magic = r.Text(4, 8),
        DataType = r.Int16(12), BitPix = r.Int16(14),
        Dim = Enumerable.Range(0, 8).Select(i => r.Int64(16 + 8 * i)).ToArray(),
        PixDim = Enumerable.Range(0, 8).Select(i => r.Double(104 + 8 * i)).ToArray(),
        VoxOffset = r.Int64(168), SclSlope = r.Double(176), SclInter = r.Double(184),
        Description = r.Text(240, 80), QformCode = r.Int32(344), SformCode = r.Int32(348),
        Quaternion = [r.Double(352), r.Double(360), r.Double(368)],
        QOffset = [r.Double(376), r.Double(384), r.Double(392)],
        SRows = Enumerable.Range(0, 3).Select(row => Enumerable.Range(0, 4).Select(c => r.Double(400 + 32 * row + 8 * c)).ToArray()).ToArray(),
        XyztUnits = r.Int32(500), IntentCode = r.Int32(504),
    };

    private void Validate(string source)
    {
        var dimOffset = Version == 1 ? 40 : 16;
        if (Rank is < 1 or > 7) throw new NiftiFormatException($"dim[0] is {Rank}, not 1..7", source, dimOffset, "dim");
        for (var i = 1; i <= Rank; i++)
            if (Dim[i] < 1) throw new NiftiFormatException($"dim[{i}] is {Dim[i]}; sizes must be at least 1", source, dimOffset + i * (Version == 1 ? 2 : 8), "dim");
        if (!double.IsFinite(VoxOffset) || VoxOffset < (IsPair ? 0 : Size))
            throw new NiftiFormatException($"vox_offset {VoxOffset} points inside the header", source, Version == 1 ? 108 : 168, "vox_offset");
    }

    /// <summary>Reads fixed-offset fields in the header's byte order.</summary>
    private sealed class FieldReader(byte[] bytes, bool bigEndian)
    {
        private readonly byte[] _bytes = bytes;
        public byte Byte(int at) => _bytes[at];
        public short Int16(int at) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(_bytes[at..]) : BinaryPrimitives.ReadInt16LittleEndian(_bytes[at..]);
        public int Int32(int at) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(_bytes[at..]) : BinaryPrimitives.ReadInt32LittleEndian(_bytes[at..]);
        public long Int64(int at) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(_bytes[at..]) : BinaryPrimitives.ReadInt64LittleEndian(_bytes[at..]);
        public float Single(int at) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(_bytes[at..]) : BinaryPrimitives.ReadSingleLittleEndian(_bytes[at..]);
        public double Double(int at) => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(_bytes[at..]) : BinaryPrimitives.ReadDoubleLittleEndian(_bytes[at..]);
        public string Text(int at, int length) => Encoding.Latin1.GetString(_bytes, at, length).Split('\0')[0];
    }
}
