using System.Buffers.Binary;

namespace Analysis.Imaging.Nifti;

/// <summary>A NIfTI datatype code with its size and its conversion to float.</summary>
internal sealed record VoxelType(short Code, string Name, int Size)
{
    private static readonly VoxelType[] Supported =
    [
        new(2, "uint8", 1), new(4, "int16", 2), new(8, "int32", 4), new(16, "float32", 4), new(64, "float64", 8),
        new(256, "int8", 1), new(512, "uint16", 2), new(768, "uint32", 4), new(1024, "int64", 8), new(1280, "uint64", 8),
    ];

    private static readonly Dictionary<short, string> Unsupported = new()
    {
        [1] = "binary", [32] = "complex64", [128] = "RGB24", [1536] = "float128", [1792] = "complex128", [2048] = "complex256", [2304] = "RGBA32",
    };

    public static VoxelType Of(NiftiHeader header, string source)
    {
        foreach (var type in Supported)
            if (type.Code == header.DataType) return type;
        if (Unsupported.TryGetValue(header.DataType, out var name))
            throw new NotSupportedException($"NIfTI datatype {header.DataType} ({name}) is not supported: only real scalar voxels are read ({source}).");
        throw new NiftiFormatException($"datatype {header.DataType} is not a NIfTI datatype code", source, header.Version == 1 ? 70 : 12, "datatype");
    }

    public float[] Convert(ReadOnlySpan<byte> bytes, int count, bool bigEndian)
    {
        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            var v = bytes.Slice(i * Size, Size);
            data[i] = (Code, bigEndian) switch
            {
                (2, _) => v[0],
                (256, _) => (sbyte)v[0],
                (4, false) => BinaryPrimitives.ReadInt16LittleEndian(v),
                (4, true) => BinaryPrimitives.ReadInt16BigEndian(v),
                (512, false) => BinaryPrimitives.ReadUInt16LittleEndian(v),
                (512, true) => BinaryPrimitives.ReadUInt16BigEndian(v),
                (8, false) => BinaryPrimitives.ReadInt32LittleEndian(v),
                (8, true) => BinaryPrimitives.ReadInt32BigEndian(v),
                (768, false) => BinaryPrimitives.ReadUInt32LittleEndian(v),
                (768, true) => BinaryPrimitives.ReadUInt32BigEndian(v),
                (1024, false) => BinaryPrimitives.ReadInt64LittleEndian(v),
                (1024, true) => BinaryPrimitives.ReadInt64BigEndian(v),
                (1280, false) => BinaryPrimitives.ReadUInt64LittleEndian(v),
                (1280, true) => BinaryPrimitives.ReadUInt64BigEndian(v),
                (16, false) => BinaryPrimitives.ReadSingleLittleEndian(v),
                (16, true) => BinaryPrimitives.ReadSingleBigEndian(v),
                (64, false) => (float)BinaryPrimitives.ReadDoubleLittleEndian(v),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(v),
            };
        }
        return data;
    }
}
