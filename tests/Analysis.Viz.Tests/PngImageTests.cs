using System.Globalization;
using Analysis.Tests.Shared;

namespace Analysis.Viz.Tests;

public class PngImageTests
{
    /// <summary>Pillow's decoding of the PNG: mode, size, and every sample.</summary>
    private static string[] Decode(PngImage image) => ReferencePeer.Python($"""
        import base64, io
        from PIL import Image
        im = Image.open(io.BytesIO(base64.b64decode("{image.ToBase64()}")))
        im.load()
        print(im.mode, im.size[0], im.size[1])
        print(" ".join(str(v) for px in im.getdata() for v in (px if isinstance(px, tuple) else (px,))))
        """).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Greyscale_png_decodes_in_Pillow_to_the_same_pixels()
    {
        var random = new Random(3);
        var pixels = new byte[37, 53];
        for (int r = 0; r < 37; r++) for (int c = 0; c < 53; c++) pixels[r, c] = (byte)(r * 5 + c * 3 + random.Next(8));
        var decoded = Decode(PngImage.FromGray(pixels));
        Assert.Equal("L 53 37", decoded[0]);
        Assert.Equal(pixels.Cast<byte>().Select(b => b.ToString(CultureInfo.InvariantCulture)), decoded[1].Split(' '));
    }

    [Fact]
    public void Rgb_png_decodes_in_Pillow_to_the_same_pixels()
    {
        var pixels = new byte[4, 6, 3];
        for (int r = 0; r < 4; r++) for (int c = 0; c < 6; c++) { pixels[r, c, 0] = (byte)(r * 60); pixels[r, c, 1] = (byte)(c * 40); pixels[r, c, 2] = 200; }
        var decoded = Decode(PngImage.FromRgb(pixels));
        Assert.Equal("RGB 6 4", decoded[0]);
        Assert.Equal(pixels.Cast<byte>().Select(b => b.ToString(CultureInfo.InvariantCulture)), decoded[1].Split(' '));
    }

    [Fact]
    public void Windowed_slice_maps_the_window_to_0_to_255()
    {
        var decoded = Decode(PngImage.FromGray(new double[,] { { -1000, 0, 40, 80, 400 } }, center: 40, width: 80));
        Assert.Equal("0 0 128 255 255", decoded[1]);
    }

    [Fact]
    public void Bad_images_name_the_argument()
    {
        Assert.Equal("pixels", Assert.Throws<ArgumentException>(() => PngImage.FromGray(new byte[0, 4])).ParamName);
        Assert.Equal("pixels", Assert.Throws<ArgumentException>(() => PngImage.FromRgb(new byte[2, 2, 4])).ParamName);
        Assert.Equal("pixels", Assert.Throws<ArgumentException>(() => PngImage.FromGray(new double[,] { { double.NaN } }, 0, 1)).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentException>(() => PngImage.FromGray(new double[,] { { 1 } }, 0, -1)).ParamName);
    }
}
