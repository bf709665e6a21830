using System.Numerics;

namespace Analysis.Imaging.Pixels;

/// <summary>Which pixel values to produce.</summary>
public enum PixelValues
{
    /// <summary>
    /// The stored values in their stored type, exactly as pydicom's <c>pixel_array</c> (uint8/int8 ... uint64/int64 by
    /// Bits Allocated and Pixel Representation, float32/float64 for float pixel data), with Bits Stored and High Bit
    /// applied (sign-extended for signed data).
    /// </summary>
    Stored,
    /// <summary>Stored values through the modality LUT (Rescale Slope/Intercept) in double (or float on request),
    /// e.g. Hounsfield units for CT, as pydicom's <c>apply_modality_lut</c>.</summary>
    Rescaled,
    /// <summary>Rescaled values with MONOCHROME1 inverted (so higher is brighter) and PALETTE COLOR mapped to RGB.</summary>
    Display,
}

/// <summary>The modality LUT in its linear form (PS3.3 C.11.1.1.2): modality value = stored value * Slope + Intercept.</summary>
/// <param name="Slope">Rescale Slope (0028,1053).</param>
/// <param name="Intercept">Rescale Intercept (0028,1052).</param>
public readonly record struct ModalityRescale(double Slope, double Intercept)
{
    /// <summary>Slope 1, intercept 0: the values are already modality values.</summary>
    public static ModalityRescale Identity => new(1, 0);

    /// <summary>True for slope 1 and intercept 0.</summary>
    public bool IsIdentity => Slope == 1 && Intercept == 0;

    /// <inheritdoc />
    public override string ToString() => IsIdentity ? "identity" : $"x * {Slope} + {Intercept}";
}

/// <summary>The shape and colour model of pixel data: [frames, rows, columns, samples].</summary>
internal readonly record struct PixelShape(int Frames, int Rows, int Columns, int Samples, string PhotometricInterpretation)
{
    public long Length => (long)Frames * Rows * Columns * Samples;
}

/// <summary>
/// Pixel data in C order with shape [frames, rows, columns, samples] (samples interleaved: RGB is R,G,B per pixel).
/// The element type is what the file stores (see <see cref="ElementType"/>); the typed values are
/// <see cref="PixelArray{T}.Data"/> (<c>pixels.As&lt;short&gt;().Data</c>), and <see cref="ToDouble"/>,
/// <see cref="ToSingle"/> and <see cref="Rescaled()"/> convert whatever the type. For a tensor:
/// <c>torch.tensor(pixels.ToSingle()).reshape(pixels.Shape)</c>.
/// </summary>
public abstract class PixelArray
{
    private protected PixelArray(PixelShape shape, int length, PixelValues values, ModalityRescale rescale)
    {
        if (shape.Frames < 0 || shape.Rows < 0 || shape.Columns < 0 || shape.Samples < 0 || shape.Length != length)
            throw new ArgumentException($"{length} values do not fill shape [{shape.Frames}, {shape.Rows}, {shape.Columns}, {shape.Samples}].", "data");
        Frames = shape.Frames;
        Rows = shape.Rows;
        Columns = shape.Columns;
        Samples = shape.Samples;
        PhotometricInterpretation = shape.PhotometricInterpretation;
        Values = values;
        Rescale = rescale;
    }

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

    /// <summary>Number of values (frames * rows * columns * samples).</summary>
    public int Length => Frames * Rows * Columns * Samples;

    /// <summary>What the values are: stored, rescaled or display values.</summary>
    public PixelValues Values { get; }

    /// <summary>
    /// The modality rescale that turns these values into modality values (<see cref="Rescaled()"/> applies it): the
    /// file's Rescale Slope and Intercept for stored greyscale values, <see cref="ModalityRescale.Identity"/> otherwise.
    /// </summary>
    public ModalityRescale Rescale { get; }

    /// <summary>The element type (<c>typeof(short)</c>...): pydicom's <c>pixel_array.dtype</c> for stored values,
    /// double or float for rescaled and display values.</summary>
    public abstract Type ElementType { get; }

    /// <summary>One value as a double (exact for every type but 64-bit integers beyond 2^53).</summary>
    public double this[int frame, int row, int column, int sample = 0] => ValueAt(IndexOf(frame, row, column, sample));

    /// <summary>The values as doubles (a new array).</summary>
    public abstract double[] ToDouble();

    /// <summary>The values as floats (a new array; integers beyond 2^24 keep 24 significant bits), e.g. for a tensor.</summary>
    public abstract float[] ToSingle();

    /// <summary>The modality values in double: <c>value * Rescale.Slope + Rescale.Intercept</c>, as pydicom's
    /// <c>apply_modality_lut</c> (a new array).</summary>
    /// <exception cref="InvalidOperationException">These are display values, which have left the modality LUT behind.</exception>
    public PixelArray<double> Rescaled() => Rescaled<double>();

    /// <summary>The modality values computed in double and stored as <typeparamref name="T"/> (float halves the memory).</summary>
    /// <exception cref="InvalidOperationException">These are display values.</exception>
    public abstract PixelArray<T> Rescaled<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>The typed view: this array when its element type is <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The element type is another; the message names it.</exception>
    public PixelArray<T> As<T>() where T : unmanaged, INumberBase<T> =>
        this as PixelArray<T> ?? throw Elements.WrongType("These pixels", ElementType, typeof(T));

    /// <summary>The smallest and largest value (NaN ignored).</summary>
    public abstract (double Min, double Max) Range();

    /// <inheritdoc />
    public override string ToString() =>
        $"PixelArray<{ElementType.Name}> [{Frames}, {Rows}, {Columns}, {Samples}] {PhotometricInterpretation}, {Values.ToString().ToLowerInvariant()} values"
        + (Rescale.IsIdentity ? "" : $", rescale {Rescale}");

    private protected PixelShape Geometry => new(Frames, Rows, Columns, Samples, PhotometricInterpretation);

    private protected int IndexOf(int frame, int row, int column, int sample)
    {
        if ((uint)frame >= (uint)Frames || (uint)row >= (uint)Rows || (uint)column >= (uint)Columns || (uint)sample >= (uint)Samples)
            throw new IndexOutOfRangeException($"[{frame}, {row}, {column}, {sample}] is outside shape [{Frames}, {Rows}, {Columns}, {Samples}].");
        return ((frame * Rows + row) * Columns + column) * Samples + sample;
    }

    private protected abstract double ValueAt(int index);

    /// <summary>The values' array, whatever its type (for code that works on bytes).</summary>
    internal abstract Array UntypedData { get; }
}

/// <summary>Pixel data whose elements are <typeparamref name="T"/>; see <see cref="PixelArray"/>.</summary>
/// <typeparam name="T">byte, sbyte, ushort, short, uint, int, ulong, long, float or double.</typeparam>
public sealed class PixelArray<T> : PixelArray where T : unmanaged, INumberBase<T>
{
    /// <summary>Wraps values of a given shape (as stored values without rescale unless one is given).</summary>
    /// <exception cref="ArgumentException">The data length is not frames * rows * columns * samples.</exception>
    public PixelArray(T[] data, int frames, int rows, int columns, int samples, string photometricInterpretation, ModalityRescale? rescale = null)
        : this(data ?? throw new ArgumentNullException(nameof(data)), new PixelShape(frames, rows, columns, samples, photometricInterpretation),
            PixelValues.Stored, rescale ?? ModalityRescale.Identity)
    {
    }

    internal PixelArray(T[] data, PixelShape shape, PixelValues values, ModalityRescale rescale) : base(shape, data.Length, values, rescale) =>
        Data = data;

    /// <summary>The values, index ((frame * Rows + row) * Columns + column) * Samples + sample.</summary>
    public T[] Data { get; }

    /// <inheritdoc />
    public override Type ElementType => typeof(T);

    /// <summary>One value.</summary>
    public new T this[int frame, int row, int column, int sample = 0] => Data[IndexOf(frame, row, column, sample)];

    /// <inheritdoc />
    public override double[] ToDouble() => Elements.Scaled<T, double>(Data);

    /// <inheritdoc />
    public override float[] ToSingle() => Elements.Scaled<T, float>(Data);

    /// <inheritdoc />
    public override PixelArray<TOut> Rescaled<TOut>()
    {
        if (Values == PixelValues.Display)
            throw new InvalidOperationException("Display values have been inverted or colour-mapped after the modality LUT and cannot be rescaled; ask the file for PixelValues.Rescaled.");
        var data = Elements.Scaled<T, TOut>(Data, Rescale.Slope, Rescale.Intercept);
        return new PixelArray<TOut>(data, Geometry, PixelValues.Rescaled, ModalityRescale.Identity);
    }

    /// <inheritdoc />
    public override (double Min, double Max) Range() => Elements.Range<T>(Data);

    private protected override double ValueAt(int index) => double.CreateTruncating(Data[index]);

    internal override Array UntypedData => Data;
}
