using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;

namespace Analysis.Imaging.Nifti;

/// <summary>
/// A NIfTI-1 (or NIfTI-2) image: header, voxels as stored (<see cref="GetStored{T}"/>, nibabel's
/// <c>dataobj.get_unscaled()</c>) and scaled by scl_slope/scl_inter in double (<see cref="Data"/>, nibabel's
/// <c>get_fdata()</c>), and the voxel-to-world affine chosen as nibabel's <c>get_best_affine</c> does (sform if
/// sform_code &gt; 0, else qform if qform_code &gt; 0, else the base affine from pixdim). Voxels keep the file's order,
/// x fastest: <see cref="Dimensions"/> is [nx, ny, nz, ...] and <see cref="Shape"/> the same reversed, the C-order
/// shape of <see cref="Data"/>.
/// </summary>
public sealed class NiftiImage
{
    private readonly VoxelType _type;
    private readonly Array _stored;
    private readonly Lazy<double[]> _data;

    private NiftiImage(NiftiHeader header, VoxelType type, Array stored, string source)
    {
        Header = header;
        _type = type;
        _stored = stored;
        Source = source;
        Dimensions = Enumerable.Range(1, header.Rank).Select(i => (int)header.Dim[i]).ToArray();
        Affine = BestAffine(header, Dimensions);
        // nibabel: a slope of 0 or NaN means unscaled; a NaN intercept is 0.
        Scaling = header.SclSlope == 0 || double.IsNaN(header.SclSlope) ? (1, 0) : (header.SclSlope, double.IsNaN(header.SclInter) ? 0 : header.SclInter);
        _data = new(Scaled<double>);
    }

    /// <summary>The parsed header.</summary>
    public NiftiHeader Header { get; }

    /// <summary>The element type the file stores (nibabel's <c>get_data_dtype()</c>): byte, sbyte, short, ushort, int,
    /// uint, long, ulong, float or double.</summary>
    public Type StoredType => _type.Kind.Type;

    /// <summary>The scaling applied to the stored values: scl_slope and scl_inter, or (1, 0) when the header says none.</summary>
    public (double Slope, double Intercept) Scaling { get; }

    /// <summary>
    /// Voxel values after scaling, in double, as nibabel's <c>get_fdata()</c> (computed on first use, then kept), x
    /// fastest (index x + nx * (y + ny * (z + nz * t)))).
    /// </summary>
    public double[] Data => _data.Value;

    /// <summary>The stored voxels, exactly as in the file (nibabel's <c>dataobj.get_unscaled()</c>); the array itself, not a copy.</summary>
    /// <typeparam name="T">The stored type (<see cref="StoredType"/>).</typeparam>
    /// <exception cref="InvalidCastException">The file stores another type; the message names it.</exception>
    public T[] GetStored<T>() where T : unmanaged, INumberBase<T> =>
        _stored as T[] ?? throw Elements.WrongType($"{Source}'s voxels", StoredType, typeof(T));

    /// <summary>The stored voxels whatever their type (for code that works on bytes).</summary>
    internal Array StoredData => _stored;

    /// <summary>The scaled voxel values computed in double and stored as <typeparamref name="T"/> (a new array; float halves
    /// the memory, e.g. for a tensor).</summary>
    public T[] Scaled<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = GC.AllocateUninitializedArray<T>(_stored.Length);
        _type.Kind.Scale(_type.Kind.Bytes(_stored), result.AsSpan(), Scaling.Slope, Scaling.Intercept);
        return result;
    }

    /// <summary>The file read.</summary>
    public string Source { get; }

    /// <summary>Sizes in NIfTI order [nx, ny, nz, nt, ...] (nibabel's <c>img.shape</c>).</summary>
    public int[] Dimensions { get; }

    /// <summary>The C-order shape of <see cref="Data"/> ([..., nt, nz, ny, nx]), for a tensor.</summary>
    public int[] Shape => Dimensions.Reverse().ToArray();

    /// <summary>Voxel sizes pixdim[1..rank] (mm for space, the time step for t).</summary>
    public double[] Spacing => Header.PixDim.Skip(1).Take(Header.Rank).ToArray();

    /// <summary>The 4x4 voxel-to-world (RAS+ mm) affine.</summary>
    public double[,] Affine { get; }

    /// <summary>One scaled voxel by its NIfTI indices (x, y, z, then t and higher; missing ones are 0).</summary>
    public double this[params int[] index]
    {
        get
        {
            long offset = 0, stride = 1;
            for (var d = 0; d < Dimensions.Length; d++)
            {
                var i = d < index.Length ? index[d] : 0;
                if ((uint)i >= (uint)Dimensions[d]) throw new IndexOutOfRangeException($"Index {i} is outside dimension {d} of size {Dimensions[d]}.");
                offset += i * stride;
                stride *= Dimensions[d];
            }
            return Data[offset];
        }
    }

    /// <summary>Reads a .nii, .nii.gz, or the .hdr of a .hdr/.img pair.</summary>
    /// <exception cref="NiftiFormatException">The file is not NIfTI or is corrupt (the message has the byte offset and field).</exception>
    /// <exception cref="NotSupportedException">The datatype is not a real scalar one (e.g. RGB, complex).</exception>
    public static NiftiImage Open(string path) => OpenAsync(path).GetAwaiter().GetResult();

    /// <summary>Reads a .nii, .nii.gz, or the .hdr of a .hdr/.img pair asynchronously.</summary>
    public static async Task<NiftiImage> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        var header = await ReadHeaderAsync(stream, path, cancellationToken).ConfigureAwait(false);
        if (!header.Header.IsPair)
            return await ReadVoxelsAsync(header, header.Stream, path, cancellationToken).ConfigureAwait(false);
        var image = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^7] + ".img.gz" : Path.ChangeExtension(path, ".img");
        await using var imageStream = File.OpenRead(image);
        var pair = (header.Header, Stream: Decompressed(imageStream, image), Consumed: 0L);
        return await ReadVoxelsAsync(pair, pair.Stream, image, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a single-file NIfTI image (plain or gzip-compressed) from a stream.</summary>
    public static async Task<NiftiImage> ReadAsync(Stream stream, string source = "stream", CancellationToken cancellationToken = default)
    {
        var header = await ReadHeaderAsync(stream, source, cancellationToken).ConfigureAwait(false);
        if (header.Header.IsPair)
            throw new NiftiFormatException($"The header's magic '{header.Header.Magic}' says the voxels are in a separate .img file; open the .hdr by path", source, header.Header.Version == 1 ? 344 : 4, "magic");
        return await ReadVoxelsAsync(header, header.Stream, source, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"NIfTI-{Header.Version} [{string.Join(", ", Dimensions)}] {_type.Kind.Name}"
        + (Scaling == (1, 0) ? "" : $", scaled x * {Scaling.Slope} + {Scaling.Intercept}");

    private static Stream Decompressed(Stream stream, string source)
    {
        var magic = new byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream;
    }

    private static async Task<(NiftiHeader Header, Stream Stream, long Consumed)> ReadHeaderAsync(Stream raw, string source, CancellationToken cancellationToken)
    {
        var stream = raw.CanSeek ? Decompressed(raw, source) : raw;
        var buffer = new byte[540];
        var read = await ReadFullyAsync(stream, buffer.AsMemory(0, 348), source, 0, cancellationToken).ConfigureAwait(false);
        if (read >= 4 && (BinaryPrimitives.ReadInt32LittleEndian(buffer) == 540 || BinaryPrimitives.ReadInt32BigEndian(buffer) == 540))
            read += await ReadFullyAsync(stream, buffer.AsMemory(348, 192), source, 348, cancellationToken).ConfigureAwait(false);
        return (NiftiHeader.Parse(buffer.AsSpan(0, read), source), stream, read);
    }

    private static async Task<NiftiImage> ReadVoxelsAsync((NiftiHeader Header, Stream Stream, long Consumed) opened, Stream stream, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadVoxelsUncheckedAsync(opened, stream, source, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException($"The gzip stream is corrupt: {e.Message}", source, inner: e);
        }
    }

    private static async Task<NiftiImage> ReadVoxelsUncheckedAsync((NiftiHeader Header, Stream Stream, long Consumed) opened, Stream stream, string source, CancellationToken cancellationToken)
    {
        var header = opened.Header;
        var type = VoxelType.Of(header, source);
        long count = 1;
        for (var i = 1; i <= header.Rank; i++)
        {
            // Compare before multiplying: NIfTI-2 sizes are 64-bit and their product could wrap.
            if (header.Dim[i] > Array.MaxLength / type.Size / count)
                throw new NiftiFormatException($"dim gives more than {Array.MaxLength / type.Size} voxels of {type.Size} bytes, more than one array can hold", source, header.Version == 1 ? 40 : 16, "dim");
            count *= header.Dim[i];
        }
        var offset = (long)header.VoxOffset;
        var needed = count * type.Size;
        if (stream.CanSeek && stream is FileStream && offset + needed > stream.Length)
            throw new NiftiFormatException($"The voxels need {needed} bytes from offset {offset} but the file has {stream.Length}", source, stream.Length, "dim");
        // Skip the extensions between the header and vox_offset.
        var skip = offset - opened.Consumed;
        var scratch = new byte[81920];
        while (skip > 0)
        {
            var got = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(skip, scratch.Length)), cancellationToken).ConfigureAwait(false);
            if (got == 0) throw new NiftiFormatException($"The file ends before vox_offset {offset}", source, offset - skip, "vox_offset");
            skip -= got;
        }
        // Grow the buffer as data arrive, so a corrupt header cannot make us allocate what the file does not hold.
        using var voxels = new MemoryStream();
        var remaining = needed;
        while (remaining > 0)
        {
            var got = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(remaining, scratch.Length)), cancellationToken).ConfigureAwait(false);
            if (got == 0)
                throw new NiftiFormatException($"The data end after {needed - remaining} of the {needed} voxel bytes dim and datatype require", source, offset + needed - remaining, "dim");
            voxels.Write(scratch, 0, got);
            remaining -= got;
        }
        var stored = type.Read(voxels.GetBuffer().AsSpan(0, (int)needed), (int)count, header.BigEndian);
        return new NiftiImage(header, type, stored, source);
    }

    private static async Task<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, string source, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException($"The gzip stream is corrupt: {e.Message}", source, offset, inner: e);
        }
    }

    private static double[,] BestAffine(NiftiHeader h, int[] dims)
    {
        var affine = new double[4, 4];
        affine[3, 3] = 1;
        if (h.SformCode != 0)
        {
            for (var r = 0; r < 3; r++)
                for (var c = 0; c < 4; c++)
                    affine[r, c] = h.SRows[r][c];
            return affine;
        }
        var zooms = new[] { Zoom(h, 1), Zoom(h, 2), Zoom(h, 3) };
        if (h.QformCode != 0)
        {
            var (b, c, d) = (h.Quaternion[0], h.Quaternion[1], h.Quaternion[2]);
            // nibabel's fillpositive: a = sqrt(1 - b² - c² - d²), 0 when rounding makes it slightly negative.
            var w2 = 1 - (b * b + c * c + d * d);
            var a = w2 < 0 ? 0 : Math.Sqrt(w2);
            var qfac = h.PixDim[0] is 1 or -1 ? h.PixDim[0] : 1;
            var rotation = QuaternionToMatrix(a, b, c, d);
            zooms[2] *= qfac;
            for (var r = 0; r < 3; r++)
            {
                for (var col = 0; col < 3; col++) affine[r, col] = rotation[r, col] * zooms[col];
                affine[r, 3] = h.QOffset[r];
            }
            return affine;
        }
        // No transform: nibabel's base affine, voxel sizes with x flipped, centred on the middle voxel.
        zooms[0] = -zooms[0];
        for (var r = 0; r < 3; r++)
        {
            var size = r < dims.Length ? dims[r] : 1;
            affine[r, r] = zooms[r];
            affine[r, 3] = -(size - 1) / 2.0 * zooms[r];
        }
        return affine;
    }

    private static double Zoom(NiftiHeader h, int axis) => axis <= h.Rank ? h.PixDim[axis] : 1;

    private static double[,] QuaternionToMatrix(double w, double x, double y, double z)
    {
        var n = w * w + x * x + y * y + z * z;
        if (n < 1e-12) return new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        var s = 2 / n;
        double xs = x * s, ys = y * s, zs = z * s;
        double wx = w * xs, wy = w * ys, wz = w * zs, xx = x * xs, xy = x * ys, xz = x * zs, yy = y * ys, yz = y * zs, zz = z * zs;
        return new[,]
        {
            { 1 - (yy + zz), xy - wz, xz + wy },
            { xy + wz, 1 - (xx + zz), yz - wx },
            { xz - wy, yz + wx, 1 - (xx + yy) },
        };
    }
}
