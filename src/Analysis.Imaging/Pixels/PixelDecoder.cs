using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Analysis.Imaging.Dicom;

namespace Analysis.Imaging.Pixels;

/// <summary>The Image Pixel module (PS3.3 C.7.6.3) attributes that say how pixel data are laid out.</summary>
internal sealed record PixelLayout(int Frames, int Rows, int Columns, int Samples, int BitsAllocated, int BitsStored,
    int HighBit, bool Signed, bool Planar, string Photometric)
{
    public long SampleCount => (long)Frames * Rows * Columns * Samples;

    public static PixelLayout From(DicomDataset ds, DicomElement pixels)
    {
        int Required(DicomTag tag) => ds.GetInt(tag)
            ?? throw new DicomFormatException($"Pixel data need {tag.Keyword}, which is missing", ds.SourceName, pixels.Offset, tag);
        var bitsAllocated = pixels.Tag == DicomTag.FloatPixelData ? 32 : pixels.Tag == DicomTag.DoubleFloatPixelData ? 64 : Required(DicomTag.BitsAllocated);
        var bitsStored = ds.GetInt(DicomTag.BitsStored) ?? bitsAllocated;
        var frames = ds.GetInt(DicomTag.NumberOfFrames) ?? 1;
        var layout = new PixelLayout(Math.Max(frames, 1), Required(DicomTag.Rows), Required(DicomTag.Columns),
            ds.GetInt(DicomTag.SamplesPerPixel) ?? 1, bitsAllocated, bitsStored, ds.GetInt(DicomTag.HighBit) ?? bitsStored - 1,
            ds.GetInt(DicomTag.PixelRepresentation) == 1, ds.GetInt(DicomTag.PlanarConfiguration) == 1,
            ds.GetString(DicomTag.PhotometricInterpretation) is { Length: > 0 } p ? p : "MONOCHROME2");
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
        else if (SampleCount > Array.MaxLength) problem = $"{SampleCount} samples exceed the largest array .NET can hold";
        if (problem is not null) throw new DicomFormatException(problem, ds.SourceName, pixels.Offset, pixels.Tag);
    }

    /// <summary>YBR_FULL_422 stores two luma samples per shared chroma pair (PS3.3 C.7.6.3.1.2).</summary>
    public bool IsSubsampled422 => Photometric == "YBR_FULL_422" && Samples == 3;

    public long ExpectedBytes => BitsAllocated == 1 ? (SampleCount + 7) / 8
        : (IsSubsampled422 ? SampleCount / 3 * 2 : SampleCount) * (BitsAllocated / 8);
}

/// <summary>Decodes native (uncompressed) and RLE Lossless pixel data to a <see cref="PixelArray"/>.</summary>
internal static class PixelDecoder
{
    private const string RleLossless = "1.2.840.10008.1.2.5";

    public static PixelArray Decode(DicomDataset ds, DicomTransferSyntax syntax, PixelValues values) => Decode(ds, syntax, values, null, 0);

    /// <summary>Decodes into <paramref name="into"/> at <paramref name="offset"/> when given (a volume being filled), else into a new array.</summary>
    public static PixelArray Decode(DicomDataset ds, DicomTransferSyntax syntax, PixelValues values, float[]? into, long offset)
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
        var raw = rle ? RleDecoder.ToNative(element, layout, ds.SourceName) : element.RawValue.Span;
        if (raw.Length < layout.ExpectedBytes)
            throw new DicomFormatException($"Pixel data hold {raw.Length} bytes but {layout.ExpectedBytes} are needed for {layout.Frames} frame(s) of {layout.Rows}x{layout.Columns}x{layout.Samples} at {layout.BitsAllocated} bits allocated",
                ds.SourceName, element.Offset, element.Tag);

        // Every element is written below, so the array need not be zeroed first.
        var data = into ?? GC.AllocateUninitializedArray<float>((int)layout.SampleCount);
        var target = data.AsSpan((int)offset, (int)layout.SampleCount);
        if (element.Tag == DicomTag.FloatPixelData || element.Tag == DicomTag.DoubleFloatPixelData) ReadFloats(raw, target, layout.BitsAllocated);
        else if (layout.IsSubsampled422) Expand422(raw, target, layout);
        else ReadIntegers(raw, target, layout);
        if (layout.Planar && layout.Samples > 1) data = Interleave(data, layout);

        var photometric = layout.Photometric;
        if (values != PixelValues.Stored && layout.Samples == 1) Rescale(ds, target);
        if (into is not null) return new PixelArray(data, 1, 1, data.Length, 1, photometric);
        if (values == PixelValues.Display)
        {
            if (photometric == "MONOCHROME1") Invert(ds, data, layout);
            else if (photometric == "PALETTE COLOR")
                return new PixelArray(PaletteToRgb(ds, data, element), layout.Frames, layout.Rows, layout.Columns, 3, "RGB");
        }
        return new PixelArray(data, layout.Frames, layout.Rows, layout.Columns, layout.Samples, photometric);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadFloats(ReadOnlySpan<byte> raw, Span<float> data, int bits)
    {
        for (var i = 0; i < data.Length; i++)
            data[i] = bits == 32 ? BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]) : (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
    }

    // Called a few hundred times per series: compile optimised at once rather than through tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadIntegers(ReadOnlySpan<byte> raw, Span<float> data, PixelLayout layout)
    {
        var bits = layout.BitsStored;
        // Shift the high bit to the top of the word, then back down: arithmetic for signed data sign-extends the
        // stored bits, logical for unsigned drops what lies above them (overlays in old files).
        var up = layout.BitsAllocated - 1 - layout.HighBit;
        var down = layout.BitsAllocated - bits;
        switch (layout.BitsAllocated)
        {
            case 1:
                for (var i = 0; i < data.Length; i++) data[i] = (raw[i >> 3] >> (i & 7)) & 1;
                return;
            case 8:
                if (layout.Signed) for (var i = 0; i < data.Length; i++) data[i] = (sbyte)(raw[i] << up) >> down;
                else for (var i = 0; i < data.Length; i++) data[i] = (byte)(raw[i] << up) >> down;
                return;
            case 16 when BitConverter.IsLittleEndian:
                var words = MemoryMarshal.Cast<byte, ushort>(raw)[..data.Length];
                if (layout.Signed) for (var i = 0; i < words.Length; i++) data[i] = (short)(words[i] << up) >> down;
                else for (var i = 0; i < words.Length; i++) data[i] = (ushort)(words[i] << up) >> down;
                return;
            case 32 when BitConverter.IsLittleEndian:
                var longs = MemoryMarshal.Cast<byte, uint>(raw)[..data.Length];
                if (layout.Signed) for (var i = 0; i < longs.Length; i++) data[i] = (int)(longs[i] << up) >> down;
                else for (var i = 0; i < longs.Length; i++) data[i] = (longs[i] << up) >> down;
                return;
        }
        var size = layout.BitsAllocated / 8;
        for (var i = 0; i < data.Length; i++)
        {
            var item = raw.Slice(i * size, size);
            ulong v = size switch
            {
                2 => BinaryPrimitives.ReadUInt16LittleEndian(item),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(item),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(item),
            };
            v <<= 64 - layout.BitsAllocated + up;
            data[i] = layout.Signed ? (long)v >> (64 - bits) : v >> (64 - bits);
        }
    }

    // Y1 Y2 Cb Cr -> Y1 Cb Cr Y2 Cb Cr.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Expand422(ReadOnlySpan<byte> raw, Span<float> data, PixelLayout layout)
    {
        var size = layout.BitsAllocated / 8;
        for (int pair = 0, o = 0; o < data.Length; pair += 4, o += 6)
        {
            var cb = SampleAt(raw, pair + 2, size);
            var cr = SampleAt(raw, pair + 3, size);
            data[o] = SampleAt(raw, pair, size);
            data[o + 1] = cb;
            data[o + 2] = cr;
            data[o + 3] = SampleAt(raw, pair + 1, size);
            data[o + 4] = cb;
            data[o + 5] = cr;
        }
    }

    private static float SampleAt(ReadOnlySpan<byte> raw, int index, int size) =>
        size == 1 ? raw[index] : BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * index)..]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] Interleave(float[] planar, PixelLayout layout)
    {
        var pixels = layout.Rows * layout.Columns;
        var samples = layout.Samples;
        var result = new float[planar.Length];
        for (var f = 0; f < layout.Frames; f++)
        {
            var frame = f * pixels * samples;
            for (var s = 0; s < samples; s++)
                for (var p = 0; p < pixels; p++)
                    result[frame + p * samples + s] = planar[frame + s * pixels + p];
        }
        return result;
    }

    private static (double Slope, double Intercept) RescaleOf(DicomDataset ds) =>
        (ds.GetDouble(DicomTag.RescaleSlope) ?? 1, ds.GetDouble(DicomTag.RescaleIntercept) ?? 0);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rescale(DicomDataset ds, Span<float> data)
    {
        var (slope, intercept) = RescaleOf(ds);
        if (slope == 1 && intercept == 0) return;
        if (slope == 1)
        {
            // The common CT case: integer stored values plus an integer intercept are exact in float.
            var offset = (float)intercept;
            for (var i = 0; i < data.Length; i++) data[i] += offset;
            return;
        }
        for (var i = 0; i < data.Length; i++) data[i] = (float)(data[i] * slope + intercept);
    }

    // MONOCHROME1 shows the minimum as white: reflect the values within the range the stored bits can hold.
    private static void Invert(DicomDataset ds, Span<float> data, PixelLayout layout)
    {
        var (slope, intercept) = RescaleOf(ds);
        double low = layout.Signed ? -(1L << (layout.BitsStored - 1)) : 0;
        double high = layout.Signed ? (1L << (layout.BitsStored - 1)) - 1 : (1L << layout.BitsStored) - 1;
        var sum = (low + high) * slope + 2 * intercept;
        for (var i = 0; i < data.Length; i++) data[i] = (float)(sum - data[i]);
    }

    private static float[] PaletteToRgb(DicomDataset ds, float[] indices, DicomElement pixels)
    {
        var channels = new[]
        {
            (DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.RedPaletteColorLookupTableData),
            (DicomTag.GreenPaletteColorLookupTableDescriptor, DicomTag.GreenPaletteColorLookupTableData),
            (DicomTag.BluePaletteColorLookupTableDescriptor, DicomTag.BluePaletteColorLookupTableData),
        };
        var rgb = new float[indices.Length * 3];
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
                var index = Math.Clamp((int)indices[i] - first, 0, entries - 1);
                rgb[i * 3 + c] = wide ? BinaryPrimitives.ReadUInt16LittleEndian(lut[(2 * index)..]) : lut[index];
            }
        }
        return rgb;
    }
}
