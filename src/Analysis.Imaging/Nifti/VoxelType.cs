namespace Analysis.Imaging.Nifti;

/// <summary>A NIfTI datatype code with the element type it stores.</summary>
internal sealed record VoxelType(short Code, ElementKind Kind)
{
    private static readonly VoxelType[] Supported =
    [
        new(2, ElementKind.UInt8), new(4, ElementKind.Int16), new(8, ElementKind.Int32), new(16, ElementKind.Float32), new(64, ElementKind.Float64),
        new(256, ElementKind.Int8), new(512, ElementKind.UInt16), new(768, ElementKind.UInt32), new(1024, ElementKind.Int64), new(1280, ElementKind.UInt64),
    ];

    private static readonly Dictionary<short, string> Unsupported = new()
    {
        [1] = "binary", [32] = "complex64", [128] = "RGB24", [1536] = "float128", [1792] = "complex128", [2048] = "complex256", [2304] = "RGBA32",
    };

    public int Size => Kind.Size;

    public static VoxelType Of(NiftiHeader header, string source)
    {
        foreach (var type in Supported)
            if (type.Code == header.DataType) return type;
        if (Unsupported.TryGetValue(header.DataType, out var name))
            throw new NotSupportedException($"NIfTI datatype {header.DataType} ({name}) is not supported: only real scalar voxels are read ({source}).");
        throw new NiftiFormatException($"datatype {header.DataType} is not a NIfTI datatype code", source, header.Version == 1 ? 70 : 12, "datatype");
    }

    /// <summary>The voxels as stored (a <c>T[]</c> of the datatype), in the machine's byte order.</summary>
    public Array Read(ReadOnlySpan<byte> bytes, int count, bool bigEndian)
    {
        var data = Kind.Allocate(count);
        var target = Kind.Bytes(data);
        bytes[..target.Length].CopyTo(target);
        if (bigEndian == BitConverter.IsLittleEndian) Kind.ReverseEndianness(target);
        return data;
    }
}
