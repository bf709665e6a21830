using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Analysis.Imaging.Dicom;

namespace Analysis.Imaging.Pixels;

/// <summary>The Image Pixel module (PS3.3 C.7.6.3) attributes that say how pixel data are laid out.</summary>
internal sealed record PixelLayout(int Frames, int Rows, int Columns, int Samples, int BitsAllocated, int BitsStored,
    int HighBit, bool Signed, bool Planar, string Photometric, bool IsFloat)
{
    public long SampleCount => (long)Frames * Rows * Columns * Samples;

    /// <summary>The stored element type, as pydicom's <c>pixel_dtype</c>: uint8 for 1-bit data, float for float pixel data.</summary>
    public ElementKind Kind => IsFloat ? (BitsAllocated == 32 ? ElementKind.Float32 : ElementKind.Float64)
        : BitsAllocated == 1 ? ElementKind.UInt8 : ElementKind.Integer(BitsAllocated, Signed);

    public PixelShape Shape => new(Frames, Rows, Columns, Samples, Photometric);

    public static PixelLayout From(DicomDataset ds, DicomElement pixels)
    {
        int Required(DicomTag tag) => ds.GetInt(tag)
            ?? throw new DicomFormatException($"Pixel data need {tag.Keyword}, which is missing", ds.SourceName, pixels.Offset, tag);
        var isFloat = pixels.Tag == DicomTag.FloatPixelData || pixels.Tag == DicomTag.DoubleFloatPixelData;
        var bitsAllocated = pixels.Tag == DicomTag.FloatPixelData ? 32 : pixels.Tag == DicomTag.DoubleFloatPixelData ? 64 : Required(DicomTag.BitsAllocated);
        var bitsStored = isFloat ? bitsAllocated : ds.GetInt(DicomTag.BitsStored) ?? bitsAllocated;
        var frames = ds.GetInt(DicomTag.NumberOfFrames) ?? 1;
        var layout = new PixelLayout(Math.Max(frames, 1), Required(DicomTag.Rows), Required(DicomTag.Columns),
            ds.GetInt(DicomTag.SamplesPerPixel) ?? 1, bitsAllocated, bitsStored, isFloat ? bitsAllocated - 1 : ds.GetInt(DicomTag.HighBit) ?? bitsStored - 1,
            ds.GetInt(DicomTag.PixelRepresentation) == 1, ds.GetInt(DicomTag.PlanarConfiguration) == 1,
            ds.GetString(DicomTag.PhotometricInterpretation) is { Length: > 0 } p ? p : "MONOCHROME2", isFloat);
        layout.Validate(ds, pixels);
        return layout;
    }

    private void Validate(DicomDataset ds, DicomElement pixels)
    {
        string? problem = null;
        if (Rows <= 0 || Columns <= 0) problem = $"Rows {Rows} and Columns {Columns} must be positive";
        else if (BitsAllocated is not (1 or 8 or 16 or 32 or 64)) problem = $"Bits Allocated {BitsAllocated} is not 1, 8, 16, 32 or 64";
        else if (BitsStored < 1 || BitsStored > BitsAllocated) problem = $"Bits Stored {BitsStored} is not within 1..Bits Allocated ({BitsAllocated})";
        else if (HighBit < BitsStored - 1 || HighBit >= BitsAllocated) problem = $"High Bit {HighBit} does not fit Bits Stored {BitsStored} within Bits Allocated {BitsAllocated}";
        else if (Samples is not (1 or 3 or 4)) problem = $"Samples per Pixel {Samples} is not 1, 3 or 4";
        else if (SampleCount * Kind.Size > Array.MaxLength) problem = $"{SampleCount} samples of {Kind.Size} bytes exceed the largest array .NET can hold";
        if (problem is not null) throw new DicomFormatException(problem, ds.SourceName, pixels.Offset, pixels.Tag);
    }

    /// <summary>YBR_FULL_422 stores two luma samples per shared chroma pair (PS3.3 C.7.6.3.1.2).</summary>
    public bool IsSubsampled422 => Photometric == "YBR_FULL_422" && Samples == 3;

    public long ExpectedBytes => BitsAllocated == 1 ? (SampleCount + 7) / 8
        : (IsSubsampled422 ? SampleCount / 3 * 2 : SampleCount) * (BitsAllocated / 8);
}

/// <summary>
/// Decodes native (uncompressed) and RLE Lossless pixel data to a <see cref="PixelArray"/>: stored values in their
/// stored type, then, on request, the modality values (double or float) or display values.
/// </summary>
internal static class PixelDecoder
{
    private const string RleLossless = "1.2.840.10008.1.2.5";

    /// <summary>The pixel data element and its layout, checked against the bytes there are.</summary>
    private sealed record Source(DicomDataset Dataset, DicomElement Element, PixelLayout Layout, bool Rle)
    {
        public ModalityRescale Rescale => RescaleOf(Dataset, Layout);
    }

    public static PixelArray Decode(DicomDataset ds, DicomTransferSyntax syntax, PixelValues values) => values switch
    {
        PixelValues.Stored => DecodeStored(Open(ds, syntax)),
        PixelValues.Rescaled => DecodeRescaled<double>(Open(ds, syntax)),
        _ => Display<double>(Open(ds, syntax)),
    };

    /// <summary>Typed: stored values only in their stored type; rescaled and display values as double or float.</summary>
    public static PixelArray<T> Decode<T>(DicomDataset ds, DicomTransferSyntax syntax, PixelValues values) where T : unmanaged, INumberBase<T>
    {
        var source = Open(ds, syntax);
        if (values == PixelValues.Stored)
        {
            var kind = source.Layout.Kind;
            if (kind.Type != typeof(T))
                throw new InvalidCastException($"{ds.SourceName ?? "The dataset"} stores {kind.Name} ({kind.Type.Name}) pixels; ask GetPixels<{kind.Type.Name}>(PixelValues.Stored), or GetPixels(PixelValues.Stored) for the untyped array.");
            return DecodeStored(source).As<T>();
        }
        if (typeof(T) == typeof(double)) return (PixelArray<T>)(object)(values == PixelValues.Rescaled ? DecodeRescaled<double>(source) : Display<double>(source));
        if (typeof(T) == typeof(float)) return (PixelArray<T>)(object)(values == PixelValues.Rescaled ? DecodeRescaled<float>(source) : Display<float>(source));
        throw new InvalidCastException($"{values} pixel values come as double or float, not {ElementKind.NameOf(typeof(T))}; ask GetPixels<double>() or GetPixels<float>().");
    }

    /// <summary>Decodes one image's modality values straight into <paramref name="target"/> (a slice of a volume).</summary>
    public static void DecodeRescaled<T>(DicomDataset ds, DicomTransferSyntax syntax, Span<T> target) where T : unmanaged, INumberBase<T> =>
        RescaleInto(Open(ds, syntax), target);

    private static PixelArray<T> DecodeRescaled<T>(Source source) where T : unmanaged, INumberBase<T>
    {
        var data = GC.AllocateUninitializedArray<T>((int)source.Layout.SampleCount);
        RescaleInto(source, data);
        return new PixelArray<T>(data, source.Layout.Shape, PixelValues.Rescaled, ModalityRescale.Identity);
    }

    private static void RescaleInto<T>(Source source, Span<T> target) where T : unmanaged, INumberBase<T>
    {
        var kind = source.Layout.Kind;
        var size = (int)source.Layout.SampleCount * kind.Size;
        // The stored values are only a step on the way: decode them into a pooled buffer rather than a fresh array, whose
        // first touch costs more than the decoding (a series decodes hundreds of slices).
        var scratch = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            Fill(source, scratch.AsSpan(0, size));
            var rescale = source.Rescale;
            kind.Scale(scratch.AsSpan(0, size), target, rescale.Slope, rescale.Intercept);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static Source Open(DicomDataset ds, DicomTransferSyntax syntax)
    {
        var element = ds[DicomTag.PixelData] ?? ds[DicomTag.FloatPixelData] ?? ds[DicomTag.DoubleFloatPixelData]
            ?? throw new DicomFormatException("The dataset has no pixel data (7FE0,0010)", ds.SourceName);
        var rle = syntax.Uid == RleLossless && element.Fragments is not null;
        if ((element.Fragments is not null || syntax.IsEncapsulated) && !rle)
            throw new NotSupportedException($"Pixel data are compressed with transfer syntax {syntax.Uid} ({syntax.Name}); only uncompressed transfer syntaxes (implicit/explicit VR little endian, explicit VR big endian, deflated) and RLE Lossless are decoded.");
        var layout = PixelLayout.From(ds, element);
        if (rle && (layout.BitsAllocated % 8 != 0 || layout.IsSubsampled422))
            throw new NotSupportedException($"RLE Lossless pixel data with {layout.BitsAllocated} bits allocated and {layout.Photometric} are not decoded.");
        // RLE decodes to native interleaved samples, whatever Planar Configuration says (PS3.5 G.2).
        if (rle) layout = layout with { Planar = false };
        else if (element.RawValue.Length < layout.ExpectedBytes)
            throw new DicomFormatException($"Pixel data hold {element.RawValue.Length} bytes but {layout.ExpectedBytes} are needed for {layout.Frames} frame(s) of {layout.Rows}x{layout.Columns}x{layout.Samples} at {layout.BitsAllocated} bits allocated",
                ds.SourceName, element.Offset, element.Tag);
        return new Source(ds, element, layout, rle);
    }

    private static PixelArray DecodeStored(Source source)
    {
        var kind = source.Layout.Kind;
        var data = kind.Allocate((int)source.Layout.SampleCount);
        Fill(source, kind.Bytes(data));
        return kind.Pixels(data, source.Layout.Shape, PixelValues.Stored, source.Rescale);
    }

    /// <summary>Writes the stored values, in the machine's byte order, into <paramref name="values"/> (every byte of it).</summary>
    private static void Fill(Source source, Span<byte> values)
    {
        var layout = source.Layout;
        var size = layout.Kind.Size;
        if (source.Rle) RleDecoder.Decode(source.Element, layout, source.Dataset.SourceName, values);
        else
        {
            var raw = source.Element.RawValue.Span;
            if (layout.BitsAllocated == 1) UnpackBits(raw, values);
            else if (layout.IsSubsampled422) Expand422(raw, values, size);
            else raw[..values.Length].CopyTo(values);
            if (layout.Planar && layout.Samples > 1) Interleave(values, layout, size);
        }
        // Element values are little-endian from here on (the reader swaps big-endian files on reading).
        if (!BitConverter.IsLittleEndian) layout.Kind.ReverseEndianness(values);
        if (!layout.IsFloat && layout.BitsAllocated > 1) ApplyBitsStored(values, layout);
    }

    private static void UnpackBits(ReadOnlySpan<byte> raw, Span<byte> values)
    {
        for (var i = 0; i < values.Length; i++) values[i] = (byte)((raw[i >> 3] >> (i & 7)) & 1);
    }

    // Y1 Y2 Cb Cr -> Y1 Cb Cr Y2 Cb Cr.
    private static void Expand422(ReadOnlySpan<byte> raw, Span<byte> values, int size)
    {
        if (size == 1) Expand422(raw, values);
        else Expand422(MemoryMarshal.Cast<byte, ushort>(raw), MemoryMarshal.Cast<byte, ushort>(values));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Expand422<T>(ReadOnlySpan<T> raw, Span<T> values) where T : unmanaged
    {
        for (int pair = 0, o = 0; o < values.Length; pair += 4, o += 6)
        {
            var cb = raw[pair + 2];
            var cr = raw[pair + 3];
            values[o] = raw[pair];
            values[o + 1] = cb;
            values[o + 2] = cr;
            values[o + 3] = raw[pair + 1];
            values[o + 4] = cb;
            values[o + 5] = cr;
        }
    }

    private static void Interleave(Span<byte> values, PixelLayout layout, int size)
    {
        switch (size)
        {
            case 1: Interleave(values, layout); break;
            case 2: Interleave(MemoryMarshal.Cast<byte, ushort>(values), layout); break;
            case 4: Interleave(MemoryMarshal.Cast<byte, uint>(values), layout); break;
            default: Interleave(MemoryMarshal.Cast<byte, ulong>(values), layout); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Interleave<T>(Span<T> values, PixelLayout layout) where T : unmanaged
    {
        var pixels = layout.Rows * layout.Columns;
        var samples = layout.Samples;
        var planar = values.ToArray();
        for (var f = 0; f < layout.Frames; f++)
        {
            var frame = f * pixels * samples;
            for (var s = 0; s < samples; s++)
                for (var p = 0; p < pixels; p++)
                    values[frame + p * samples + s] = planar[frame + s * pixels + p];
        }
    }

    /// <summary>
    /// PS3.5 8.1.1: shift the high bit to the top of the word, then back down; arithmetic for signed data sign-extends
    /// the stored bits, logical for unsigned drops what lies above them (overlays in old files).
    /// </summary>
    private static void ApplyBitsStored(Span<byte> values, PixelLayout layout)
    {
        var up = layout.BitsAllocated - 1 - layout.HighBit;
        var down = layout.BitsAllocated - layout.BitsStored;
        if (up == 0 && down == 0) return;
        switch (layout.BitsAllocated, layout.Signed)
        {
            case (8, false): Shift(values, up, down); break;
            case (8, true): Shift(MemoryMarshal.Cast<byte, sbyte>(values), up, down); break;
            case (16, false): Shift(MemoryMarshal.Cast<byte, ushort>(values), up, down); break;
            case (16, true): Shift(MemoryMarshal.Cast<byte, short>(values), up, down); break;
            case (32, false): Shift(MemoryMarshal.Cast<byte, uint>(values), up, down); break;
            case (32, true): Shift(MemoryMarshal.Cast<byte, int>(values), up, down); break;
            case (64, false): Shift(MemoryMarshal.Cast<byte, ulong>(values), up, down); break;
            default: Shift(MemoryMarshal.Cast<byte, long>(values), up, down); break;
        }
    }

    // Called a few hundred times per series: compile optimised at once rather than through tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Shift<T>(Span<T> values, int up, int down) where T : unmanaged, IBinaryInteger<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            // >> on a vector of signed elements is arithmetic, on unsigned ones logical: as the scalar loop below.
            var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            for (var v = 0; v < vectors.Length; v++) vectors[v] = (vectors[v] << up) >> down;
            i = vectors.Length * Vector<T>.Count;
        }
        for (; i < values.Length; i++) values[i] = (values[i] << up) >> down;
    }

    private static ModalityRescale RescaleOf(DicomDataset ds, PixelLayout layout) =>
        // The modality LUT applies to single-sample data (PS3.3 C.11.1); colour samples pass through.
        layout.Samples == 1
            ? new(ds.GetDouble(DicomTag.RescaleSlope) ?? 1, ds.GetDouble(DicomTag.RescaleIntercept) ?? 0)
            : ModalityRescale.Identity;

    private static PixelArray<T> Display<T>(Source source) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layout = source.Layout;
        if (layout.Photometric == "PALETTE COLOR" && layout.Samples == 1)
        {
            var rgb = PaletteToRgb<T>(source.Dataset, DecodeStored(source).ToDouble(), source.Element);
            return new PixelArray<T>(rgb, layout.Shape with { Samples = 3, PhotometricInterpretation = "RGB" }, PixelValues.Display, ModalityRescale.Identity);
        }
        var values = DecodeRescaled<double>(source).Data;
        if (layout.Photometric == "MONOCHROME1" && layout.Samples == 1) Invert(source.Rescale, values, layout);
        var data = typeof(T) == typeof(double) ? (T[])(object)values : Elements.Scaled<double, T>(values);
        return new PixelArray<T>(data, layout.Shape, PixelValues.Display, ModalityRescale.Identity);
    }

    // MONOCHROME1 shows the minimum as white: reflect the values within the range the stored bits can hold.
    private static void Invert(ModalityRescale rescale, Span<double> data, PixelLayout layout)
    {
        double low = layout.Signed ? -(1L << (layout.BitsStored - 1)) : 0;
        double high = layout.Signed ? (1L << (layout.BitsStored - 1)) - 1 : (1L << layout.BitsStored) - 1;
        var sum = (low + high) * rescale.Slope + 2 * rescale.Intercept;
        for (var i = 0; i < data.Length; i++) data[i] = sum - data[i];
    }

    private static T[] PaletteToRgb<T>(DicomDataset ds, double[] indices, DicomElement pixels) where T : unmanaged, INumberBase<T>
    {
        var channels = new[]
        {
            (DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.RedPaletteColorLookupTableData),
            (DicomTag.GreenPaletteColorLookupTableDescriptor, DicomTag.GreenPaletteColorLookupTableData),
            (DicomTag.BluePaletteColorLookupTableDescriptor, DicomTag.BluePaletteColorLookupTableData),
        };
        var rgb = new T[indices.Length * 3];
        for (var c = 0; c < 3; c++)
        {
            var (descriptorTag, dataTag) = channels[c];
            var descriptor = ds.GetInts(descriptorTag);
            var lut = ds.GetBytes(dataTag).Span;
            if (descriptor.Length != 3 || lut.IsEmpty)
                throw new DicomFormatException($"PALETTE COLOR needs {descriptorTag.Keyword} and {dataTag.Keyword}", ds.SourceName, pixels.Offset, descriptorTag);
            var entries = descriptor[0] == 0 ? 65536 : descriptor[0];
            var first = descriptor[1];
            var wide = lut.Length >= 2 * entries;
            if (!wide && lut.Length < entries)
                throw new DicomFormatException($"{dataTag.Keyword} holds {lut.Length} bytes, too few for {entries} entries", ds.SourceName, ds[dataTag]!.Offset, dataTag);
            for (var i = 0; i < indices.Length; i++)
            {
                var index = (int)Math.Clamp(indices[i] - first, 0, entries - 1);
                rgb[i * 3 + c] = T.CreateTruncating(wide ? BinaryPrimitives.ReadUInt16LittleEndian(lut[(2 * index)..]) : lut[index]);
            }
        }
        return rgb;
    }
}
