using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// Greyscale image slices as heatmaps, with a display window (centre and width, as DICOM's
/// Window Center / Window Width): values below centre − width/2 are black, above centre +
/// width/2 white, linear between. Square pixels, row 0 at the top.
/// </summary>
public static class ImageSliceViewer
{
    /// <summary>One 2-D slice, <c>pixels[row, column]</c>.</summary>
    /// <param name="pixels">The slice's values (e.g. Hounsfield units).</param>
    /// <param name="center">The window centre.</param>
    /// <param name="width">The window width (positive).</param>
    /// <param name="title">The chart's title, or null.</param>
    /// <exception cref="ArgumentException">An empty slice, a NaN pixel, or a non-positive width.</exception>
    public static GenericChart Slice(double[,] pixels, double center, double width, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        CheckWindow(center, width);
        var z = Windowed(pixels, center, width, nameof(pixels));
        return Chart(z, pixels.GetLength(1), pixels.GetLength(0), title, null);
    }

    /// <summary>A 3-D volume, <c>volume[slice, row, column]</c>, shown one slice at a time with a slider.</summary>
    /// <param name="volume">The volume's values.</param>
    /// <param name="center">The window centre.</param>
    /// <param name="width">The window width (positive).</param>
    /// <param name="start">The slice shown first.</param>
    /// <param name="title">The chart's title, or null.</param>
    /// <exception cref="ArgumentException">An empty volume, a NaN voxel, a non-positive width, or <paramref name="start"/> out of range.</exception>
    public static GenericChart Volume(double[,,] volume, double center, double width, int start = 0, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        CheckWindow(center, width);
        int slices = volume.GetLength(0), rows = volume.GetLength(1), columns = volume.GetLength(2);
        if (slices == 0 || rows == 0 || columns == 0) throw new ArgumentException($"volume is empty ({slices}×{rows}×{columns}).", nameof(volume));
        if (start < 0 || start >= slices) throw new ArgumentException($"start is {start} but the volume has slices 0 to {slices - 1}.", nameof(start));
        var frames = new double[slices][][];
        for (int s = 0; s < slices; s++)
        {
            var slice = new double[rows, columns];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++) slice[r, c] = volume[s, r, c];
            frames[s] = Windowed(slice, center, width, $"volume[{s}]");
        }
        var steps = frames.Select((f, s) => PlotlyParts.Obj(("method", "restyle"), ("label", s.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("args", new object[] { PlotlyParts.Obj(("z", new object[] { f })), new[] { 0 } }))).ToArray();
        var slider = PlotlyParts.Obj(("active", start), ("steps", steps), ("currentvalue", PlotlyParts.Obj(("prefix", "slice "))), ("pad", PlotlyParts.Obj(("t", 40))));
        return Chart(frames[start], columns, rows, title, slider);
    }

    /// <summary>Maps values through the window to 0..1 (0 black, 1 white).</summary>
    internal static double[][] Windowed(double[,] pixels, double center, double width, string argument)
    {
        int rows = pixels.GetLength(0), columns = pixels.GetLength(1);
        if (rows == 0 || columns == 0) throw new ArgumentException($"{argument} is empty ({rows}×{columns}).", argument);
        double low = center - width / 2;
        var z = new double[rows][];
        for (int r = 0; r < rows; r++)
        {
            z[r] = new double[columns];
            for (int c = 0; c < columns; c++)
            {
                var v = pixels[r, c];
                if (!double.IsFinite(v)) throw new ArgumentException($"{argument}[{r}, {c}] is {v}: pixel values must be finite.", argument);
                z[r][c] = Math.Round(Math.Clamp((v - low) / width, 0, 1), 4);
            }
        }
        return z;
    }

    private static void CheckWindow(double center, double width)
    {
        if (!double.IsFinite(center)) throw new ArgumentException($"center is {center}: it must be a finite number.", nameof(center));
        if (!double.IsFinite(width) || width <= 0) throw new ArgumentException($"width is {width}: the window width must be positive.", nameof(width));
    }

    private static GenericChart Chart(double[][] z, int columns, int rows, string? title, DynamicObj.DynamicObj? slider)
    {
        var heatmap = PlotlyParts.Trace("heatmap", ("z", z), ("zmin", 0), ("zmax", 1),
            ("colorscale", new object[] { new object[] { 0, "#000000" }, new object[] { 1, "#ffffff" } }),
            ("showscale", false), ("hovertemplate", "row %{y}, column %{x}: %{z:.2f}<extra></extra>"));
        double scale = 512.0 / Math.Max(columns, rows);
        return PlotlyParts.Chart([heatmap],
            ("title", title is null ? null : PlotlyParts.Obj(("text", title))),
            ("xaxis", PlotlyParts.Obj(("showgrid", false), ("zeroline", false), ("constrain", "domain"), ("range", new[] { -0.5, columns - 0.5 }))),
            ("yaxis", PlotlyParts.Obj(("showgrid", false), ("zeroline", false), ("scaleanchor", "x"), ("scaleratio", 1), ("autorange", "reversed"), ("constrain", "domain"))),
            ("sliders", slider is null ? null : new[] { slider }),
            ("width", (int)(columns * scale) + 80), ("height", (int)(rows * scale) + (slider is null ? 80 : 160)));
    }
}
