using Analysis.Imaging.Pixels;
using Analysis.Imaging.Series;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// <c>.Plot()</c> and <c>.ToPng()</c> for images: a grey heatmap with window/level (centre and width in the pixel
/// values' unit, e.g. Hounsfield units for CT), equal aspect; volumes get a slider over their slices. Without a window
/// the full range of the values is shown.
/// </summary>
public static class ImagingCharts
{
    /// <summary>One frame of a DICOM image as a heatmap (the first sample of colour images).</summary>
    /// <param name="pixels">The pixel array (<c>file.GetPixels()</c>).</param>
    /// <param name="frame">The frame of a multi-frame image.</param>
    /// <param name="center">Window centre; the middle of the values when null.</param>
    /// <param name="width">Window width; the range of the values when null.</param>
    public static GenericChart Plot(this PixelArray pixels, int frame = 0, double? center = null, double? width = null)
    {
        var slice = Frame(pixels, frame);
        var (c, w) = Window(slice.Cast<double>(), center, width);
        return Charts.ImageSlice(slice, c, w, $"frame {frame + 1} of {pixels.Frames} ({pixels.PhotometricInterpretation})");
    }

    /// <summary>A volume's slices as a heatmap with a slider, starting at the middle slice.</summary>
    /// <param name="volume">The sorted series volume.</param>
    /// <param name="center">Window centre; the middle of the values when null.</param>
    /// <param name="width">Window width; the range of the values when null.</param>
    public static GenericChart Plot(this ImageVolume volume, double? center = null, double? width = null)
    {
        var cube = new double[volume.Slices, volume.Rows, volume.Columns];
        for (var s = 0; s < volume.Slices; s++)
            for (var r = 0; r < volume.Rows; r++)
                for (var c = 0; c < volume.Columns; c++)
                    cube[s, r, c] = volume[s, r, c];
        var (wc, ww) = Window(volume.ToDouble(), center, width);
        return Charts.VolumeSlices(cube, wc, ww, volume.Slices / 2, $"{volume.Slices} slices, {volume.Rows}×{volume.Columns}");
    }

    /// <summary>One frame as a PNG (shown as an image in the notebook), windowed as <see cref="Plot(PixelArray, int, double?, double?)"/>.</summary>
    /// <param name="pixels">The pixel array.</param>
    /// <param name="frame">The frame.</param>
    /// <param name="center">Window centre.</param>
    /// <param name="width">Window width.</param>
    public static PngImage ToPng(this PixelArray pixels, int frame = 0, double? center = null, double? width = null)
    {
        var slice = Frame(pixels, frame);
        var (c, w) = Window(slice.Cast<double>(), center, width);
        return PngImage.FromGray(slice, c, w);
    }

    private static double[,] Frame(PixelArray pixels, int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, pixels.Frames);
        var slice = new double[pixels.Rows, pixels.Columns];
        for (var r = 0; r < pixels.Rows; r++)
            for (var c = 0; c < pixels.Columns; c++)
                slice[r, c] = pixels[frame, r, c];
        return slice;
    }

    private static (double Center, double Width) Window(IEnumerable<double> values, double? center, double? width)
    {
        if (center is { } c && width is { } w) return (c, w);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (!double.IsFinite(min)) (min, max) = (0, 1);
        return (center ?? (min + max) / 2, width ?? Math.Max(max - min, 1));
    }
}
