using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Analysis.Imaging;

/// <summary>
/// One element type of stored pixels or voxels (uint8 ... float64) as an object: file headers name the type at run
/// time, and this is the bridge from that name to code typed by it. Arrays travel as <see cref="Array"/> (a
/// <c>T[]</c> at run time) and their bytes in the machine's order.
/// </summary>
internal abstract class ElementKind(Type type, string name, int size)
{
    public static readonly ElementKind UInt8 = new ElementKind<byte>("uint8");
    public static readonly ElementKind Int8 = new ElementKind<sbyte>("int8");
    public static readonly ElementKind UInt16 = new ElementKind<ushort>("uint16");
    public static readonly ElementKind Int16 = new ElementKind<short>("int16");
    public static readonly ElementKind UInt32 = new ElementKind<uint>("uint32");
    public static readonly ElementKind Int32 = new ElementKind<int>("int32");
    public static readonly ElementKind UInt64 = new ElementKind<ulong>("uint64");
    public static readonly ElementKind Int64 = new ElementKind<long>("int64");
    public static readonly ElementKind Float32 = new ElementKind<float>("float32");
    public static readonly ElementKind Float64 = new ElementKind<double>("float64");

    private static readonly ElementKind[] All = [UInt8, Int8, UInt16, Int16, UInt32, Int32, UInt64, Int64, Float32, Float64];

    /// <summary>The .NET element type.</summary>
    public Type Type { get; } = type;

    /// <summary>numpy's name for it (what pydicom's and nibabel's arrays report as <c>dtype</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Bytes per element.</summary>
    public int Size { get; } = size;

    /// <summary>The integer type of <paramref name="bits"/> bits, signed or not (DICOM Bits Allocated and Pixel Representation).</summary>
    public static ElementKind Integer(int bits, bool signed) => (bits, signed) switch
    {
        (8, false) => UInt8, (8, true) => Int8, (16, false) => UInt16, (16, true) => Int16,
        (32, false) => UInt32, (32, true) => Int32, (64, false) => UInt64, (64, true) => Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "Integer elements are 8, 16, 32 or 64 bits."),
    };

    /// <summary>The kind of a .NET type, or null when it is not one of the ten.</summary>
    public static ElementKind? Of(Type type) => All.FirstOrDefault(k => k.Type == type);

    /// <summary>numpy's name for a .NET type, or its C# name when it is not one of the ten.</summary>
    public static string NameOf(Type type) => Of(type)?.Name ?? type.Name;

    /// <summary>A new array of this type; every element is to be written by the caller.</summary>
    public abstract Array Allocate(int count);

    /// <summary>The bytes of an array of this type.</summary>
    public Span<byte> Bytes(Array array) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), array.Length * Size);

    /// <summary>Writes <c>value * slope + intercept</c>, computed in double, into <paramref name="target"/>.</summary>
    /// <param name="values">Elements of this type, machine order.</param>
    /// <param name="target">As many elements as <paramref name="values"/> holds.</param>
    /// <param name="slope">Multiplier.</param>
    /// <param name="intercept">Added after multiplying.</param>
    public abstract void Scale<TOut>(ReadOnlySpan<byte> values, Span<TOut> target, double slope, double intercept)
        where TOut : unmanaged, INumberBase<TOut>;

    /// <summary>Wraps an array of this type as DICOM pixels.</summary>
    public abstract Pixels.PixelArray Pixels(Array data, Pixels.PixelShape shape, Pixels.PixelValues values, Pixels.ModalityRescale rescale);

    /// <summary>Swaps the byte order of every element in place (big-endian files on a little-endian machine).</summary>
    public void ReverseEndianness(Span<byte> bytes)
    {
        switch (Size)
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes)); break;
            case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes)); break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The element kind of <typeparamref name="T"/>.</summary>
internal sealed class ElementKind<T>(string name) : ElementKind(typeof(T), name, Unsafe.SizeOf<T>())
    where T : unmanaged, INumberBase<T>
{
    public override Array Allocate(int count) => GC.AllocateUninitializedArray<T>(count);

    public override void Scale<TOut>(ReadOnlySpan<byte> values, Span<TOut> target, double slope, double intercept) =>
        Elements.Scale(MemoryMarshal.Cast<byte, T>(values), target, slope, intercept);

    public override Pixels.PixelArray Pixels(Array data, Pixels.PixelShape shape, Pixels.PixelValues values, Pixels.ModalityRescale rescale) =>
        new Pixels.PixelArray<T>((T[])data, shape, values, rescale);
}

/// <summary>Conversions shared by pixel arrays, volumes and NIfTI voxels.</summary>
internal static class Elements
{
    /// <summary>
    /// <c>target[i] = value * slope + intercept</c> computed in double and rounded once to <typeparamref name="TOut"/>,
    /// as numpy's <c>arr.astype(float64) * slope + intercept</c> (no fused multiply-add, so the same roundings). Without
    /// scaling the values are converted directly (one rounding, as numpy's <c>astype</c>).
    /// </summary>
    // Called once per slice of a series: compile optimised at once rather than through tier 0, where the generic
    // conversions are calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale<T, TOut>(ReadOnlySpan<T> values, Span<TOut> target, double slope, double intercept)
        where T : unmanaged, INumberBase<T> where TOut : unmanaged, INumberBase<TOut>
    {
        if (target.Length != values.Length) throw new ArgumentException($"{values.Length} values for {target.Length} places.", nameof(target));
        if (slope == 1 && intercept == 0)
        {
            if (typeof(T) == typeof(TOut)) MemoryMarshal.Cast<T, TOut>(values).CopyTo(target);
            else for (var i = 0; i < values.Length; i++) target[i] = TOut.CreateTruncating(values[i]);
            return;
        }
        for (var i = 0; i < values.Length; i++) target[i] = TOut.CreateTruncating(double.CreateTruncating(values[i]) * slope + intercept);
    }

    /// <summary>A new array of the values scaled (or just converted) to <typeparamref name="TOut"/>.</summary>
    public static TOut[] Scaled<T, TOut>(ReadOnlySpan<T> values, double slope = 1, double intercept = 0)
        where T : unmanaged, INumberBase<T> where TOut : unmanaged, INumberBase<TOut>
    {
        var result = GC.AllocateUninitializedArray<TOut>(values.Length);
        Scale(values, result.AsSpan(), slope, intercept);
        return result;
    }

    /// <summary>The smallest and largest value, NaN ignored; (NaN, NaN) when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Min, double Max) Range<T>(ReadOnlySpan<T> values) where T : unmanaged, INumberBase<T>
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var value in values)
        {
            var v = double.CreateTruncating(value);
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return min > max ? (double.NaN, double.NaN) : (min, max);
    }

    /// <summary>The exception for asking a typed view of the wrong element type.</summary>
    public static InvalidCastException WrongType(string what, Type actual, Type asked) =>
        new($"{what} hold {NameOf(actual)} ({actual.Name}) values, not {NameOf(asked)} ({asked.Name}): ask for {actual.Name}, or convert with ToDouble() / ToSingle().");

    private static string NameOf(Type type) => ElementKind.NameOf(type);
}
