using System.Buffers.Binary;
using System.IO.Compression;

namespace Analysis.Viz;

/// <summary>
/// An 8-bit greyscale or RGB image that notebooks show as a PNG (it declares its formatter,
/// so it displays in our kernel and in .NET Interactive). The imaging library converts
/// slices to it; <see cref="ToPng"/> encodes it.
/// </summary>
[TypeFormatterSource(typeof(PngImageFormatterSource), PreferredMimeTypes = ["image/png"])]
public sealed class PngImage
{
    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>1 for greyscale, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>Row-major samples, <see cref="Channels"/> per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>A greyscale image from <c>pixels[row, column]</c>.</summary>
    /// <exception cref="ArgumentException">An empty array.</exception>
    public static PngImage FromGray(byte[,] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        int rows = pixels.GetLength(0), columns = pixels.GetLength(1);
        if (rows == 0 || columns == 0) throw new ArgumentException($"pixels is empty ({rows}×{columns}).", nameof(pixels));
        var data = new byte[rows * columns];
        Buffer.BlockCopy(pixels, 0, data, 0, data.Length);
        return new PngImage(columns, rows, 1, data);
    }

    /// <summary>A greyscale image of <c>pixels[row, column]</c> through a display window (centre and width), as <see cref="ImageSliceViewer"/> shows it.</summary>
    /// <exception cref="ArgumentException">An empty array, a NaN pixel, or a non-positive width.</exception>
    public static PngImage FromGray(double[,] pixels, double center, double width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (!double.IsFinite(width) || width <= 0) throw new ArgumentException($"width is {width}: the window width must be positive.", nameof(width));
        var z = ImageSliceViewer.Windowed(pixels, center, width, nameof(pixels));
        return new PngImage(z[0].Length, z.Length, 1, z.SelectMany(row => row.Select(v => (byte)Math.Round(v * 255))).ToArray());
    }

    /// <summary>An RGB image from <c>pixels[row, column, channel]</c> (3 channels).</summary>
    /// <exception cref="ArgumentException">An empty array, or a channel count other than 3.</exception>
    public static PngImage FromRgb(byte[,,] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        int rows = pixels.GetLength(0), columns = pixels.GetLength(1);
        if (rows == 0 || columns == 0) throw new ArgumentException($"pixels is empty ({rows}×{columns}).", nameof(pixels));
        if (pixels.GetLength(2) != 3) throw new ArgumentException($"pixels has {pixels.GetLength(2)} channels; RGB needs 3.", nameof(pixels));
        var data = new byte[rows * columns * 3];
        Buffer.BlockCopy(pixels, 0, data, 0, data.Length);
        return new PngImage(columns, rows, 3, data);
    }

    /// <summary>The image as a PNG file (8-bit, filter "Sub" on every row, zlib-compressed).</summary>
    public byte[] ToPng()
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;                              // bits per sample
        header[9] = (byte)(Channels == 1 ? 0 : 2);  // colour type: grey or truecolour
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Compressed());
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>The PNG as base64, the form Jupyter's <c>image/png</c> takes.</summary>
    public string ToBase64() => Convert.ToBase64String(ToPng());

    private byte[] Compressed()
    {
        int stride = Width * Channels;
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[stride + 1];
            row[0] = 1; // Sub: each sample minus the one a pixel to its left, which suits smooth images
            for (int y = 0; y < Height; y++)
            {
                var line = Pixels.AsSpan(y * stride, stride);
                for (int i = 0; i < stride; i++) row[i + 1] = (byte)(line[i] - (i >= Channels ? line[i - Channels] : 0));
                zlib.Write(row);
            }
        }
        return buffer.ToArray();
    }

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        file.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typed));
        file.Write(word);
    }
}

/// <summary>The CRC-32 (ISO 3309, polynomial 0xEDB88320) PNG chunks carry.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}

/// <summary>Creates <see cref="PngImage"/>'s formatters (by the <see cref="TypeFormatterSourceAttribute"/> convention).</summary>
internal sealed class PngImageFormatterSource
{
    /// <summary>The image/png formatter.</summary>
    public IEnumerable<object> CreateTypeFormatters() => [new PngFormatter()];

    /// <summary>Writes the image as base64 PNG.</summary>
    internal sealed class PngFormatter
    {
        /// <summary>image/png.</summary>
        public string MimeType => "image/png";

        /// <summary>Writes the base64 PNG of <paramref name="instance"/>; false when it is not a <see cref="PngImage"/>.</summary>
        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not PngImage image) return false;
            writer.Write(image.ToBase64());
            return true;
        }
    }
}
