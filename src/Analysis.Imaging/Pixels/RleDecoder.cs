using System.Buffers.Binary;
using Analysis.Imaging.Dicom;

namespace Analysis.Imaging.Pixels;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): each frame is one fragment holding a 64-byte header (segment count and offsets)
/// and PackBits segments, one per byte of each sample, most significant byte first. Decodes to the native layout
/// (little-endian samples, interleaved) so the ordinary decoder reads the result.
/// </summary>
internal static class RleDecoder
{
    /// <summary>Decodes every frame into <paramref name="native"/>, which holds exactly the frames' samples.</summary>
    public static void Decode(DicomElement element, PixelLayout layout, string? source, Span<byte> native)
    {
        var fragments = element.Fragments!;
        var bytesPerSample = layout.BitsAllocated / 8;
        var pixels = layout.Rows * layout.Columns;
        var frameBytes = pixels * layout.Samples * bytesPerSample;
        if (fragments.Count < layout.Frames)
            throw new DicomFormatException($"RLE pixel data hold {fragments.Count} fragment(s) for {layout.Frames} frame(s)", source, element.Offset, element.Tag);
        var segment = new byte[pixels];
        for (var frame = 0; frame < layout.Frames; frame++)
        {
            var data = fragments[frame].Span;
            if (data.Length < 64) throw Corrupt($"frame {frame + 1} is {data.Length} bytes, shorter than the 64-byte RLE header", element, source);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (count != layout.Samples * bytesPerSample)
                throw Corrupt($"frame {frame + 1} has {count} RLE segments, {layout.Samples * bytesPerSample} expected", element, source);
            for (var s = 0; s < count; s++)
            {
                var start = BinaryPrimitives.ReadUInt32LittleEndian(data[(4 + 4 * s)..]);
                var end = s + 1 < count ? BinaryPrimitives.ReadUInt32LittleEndian(data[(8 + 4 * s)..]) : (uint)data.Length;
                if (start < 64 || start > end || end > data.Length)
                    throw Corrupt($"frame {frame + 1} segment {s + 1} spans bytes {start}..{end} of {data.Length}", element, source);
                Unpack(data[(int)start..(int)end], segment, frame, element, source);
                // Segment s is byte (bytesPerSample - 1 - s % bytesPerSample) (little-endian position) of sample s / bytesPerSample.
                var sample = s / bytesPerSample;
                var byteInSample = bytesPerSample - 1 - s % bytesPerSample;
                var stride = layout.Samples * bytesPerSample;
                var target = native[(frame * frameBytes + sample * bytesPerSample + byteInSample)..];
                for (var p = 0; p < pixels; p++) target[p * stride] = segment[p];
            }
        }
    }

    // PackBits: n in 0..127 copies n + 1 bytes, n in -127..-1 repeats the next byte 1 - n times, -128 does nothing.
    private static void Unpack(ReadOnlySpan<byte> input, Span<byte> output, int frame, DicomElement element, string? source)
    {
        int i = 0, o = 0;
        while (o < output.Length && i < input.Length)
        {
            var n = (sbyte)input[i++];
            if (n >= 0)
            {
                var length = Math.Min(n + 1, output.Length - o);
                if (i + length > input.Length) throw Corrupt($"frame {frame + 1}: a literal run passes the segment end", element, source);
                input.Slice(i, length).CopyTo(output[o..]);
                i += n + 1;
                o += length;
            }
            else if (n != -128)
            {
                if (i >= input.Length) throw Corrupt($"frame {frame + 1}: a repeat run has no byte to repeat", element, source);
                var length = Math.Min(1 - n, output.Length - o);
                output.Slice(o, length).Fill(input[i++]);
                o += length;
            }
        }
        if (o < output.Length) throw Corrupt($"frame {frame + 1}: a segment decodes to {o} of {output.Length} bytes", element, source);
    }

    private static DicomFormatException Corrupt(string problem, DicomElement element, string? source) =>
        new($"RLE pixel data are corrupt: {problem}", source, element.Offset, element.Tag);
}
