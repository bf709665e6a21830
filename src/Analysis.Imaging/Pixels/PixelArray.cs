namespace Analysis.Imaging.Pixels;

/// <summary>Which pixel values to produce.</summary>
public enum PixelValues
{
    /// <summary>The stored values (bits stored, sign-extended for signed data), as pydicom's <c>pixel_array</c>.</summary>
    Stored,
    /// <summary>Stored values through the modality LUT (Rescale Slope/Intercept), e.g. Hounsfield units for CT.</summary>
    Rescaled,
    /// <summary>Rescaled values with MONOCHROME1 inverted (so higher is brighter) and PALETTE COLOR mapped to RGB.</summary>
    Display,
}

/// <summary>
/// Pixel data as one <c>float[]</c> in C order with shape [frames, rows, columns, samples] (samples interleaved: RGB
/// is R,G,B per pixel), ready for a tensor: <c>torch.tensor(array.Data).reshape(array.Shape)</c>. Integers up to
/// 2^24 are exact in float; 32-bit data beyond that keep 24 significant bits.
/// </summary>
public sealed class PixelArray
{
    /// <summary>Wraps data of a given shape.</summary>
    /// <exception cref="ArgumentException">The data length is not frames * rows * columns * samples.</exception>
    public PixelArray(float[] data, int frames, int rows, int columns, int samples, string photometricInterpretation)
    {
        ArgumentNullException.ThrowIfNull(data);
        if ((long)frames * rows * columns * samples != data.Length)
            throw new ArgumentException($"{data.Length} values do not fill shape [{frames}, {rows}, {columns}, {samples}].", nameof(data));
        Data = data;
        Frames = frames;
        Rows = rows;
        Columns = columns;
        Samples = samples;
        PhotometricInterpretation = photometricInterpretation;
    }

    /// <summary>The values, index ((frame * Rows + row) * Columns + column) * Samples + sample.</summary>
    public float[] Data { get; }

    /// <summary>Number of frames (1 for single-frame images).</summary>
    public int Frames { get; }

    /// <summary>Number of rows (image height).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (image width).</summary>
    public int Columns { get; }

    /// <summary>Samples per pixel (1 for grey, 3 for colour).</summary>
    public int Samples { get; }

    /// <summary>The photometric interpretation the values are in (RGB after palette mapping for display values).</summary>
    public string PhotometricInterpretation { get; }

    /// <summary>The shape [frames, rows, columns, samples].</summary>
    public int[] Shape => [Frames, Rows, Columns, Samples];

    /// <summary>One value.</summary>
    public float this[int frame, int row, int column, int sample = 0] =>
        Data[((frame * Rows + row) * Columns + column) * Samples + sample];

    /// <summary>The smallest and largest value.</summary>
    public (float Min, float Max) Range()
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in Data)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return (min, max);
    }

    /// <inheritdoc />
    public override string ToString() => $"PixelArray [{Frames}, {Rows}, {Columns}, {Samples}] {PhotometricInterpretation}";
}
