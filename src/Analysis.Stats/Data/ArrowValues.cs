using Apache.Arrow;

namespace Analysis.Stats;

/// <summary>Reads one Arrow column into boxed values (null where the array is null).</summary>
internal static class ArrowValues
{
    public static object?[] Read(IArrowArray array, string name)
    {
        var values = new object?[array.Length];
        for (var i = 0; i < array.Length; i++)
            values[i] = array.IsNull(i) ? null : Value(array, i, name);
        return values;
    }

    private static object? Value(IArrowArray array, int i, string name) => array switch
    {
        DoubleArray a => a.GetValue(i),
        FloatArray a => a.GetValue(i),
        Int64Array a => a.GetValue(i),
        Int32Array a => a.GetValue(i),
        Int16Array a => a.GetValue(i),
        Int8Array a => a.GetValue(i),
        UInt64Array a => a.GetValue(i),
        UInt32Array a => a.GetValue(i),
        UInt16Array a => a.GetValue(i),
        UInt8Array a => a.GetValue(i),
        BooleanArray a => a.GetValue(i),
        StringArray a => a.GetString(i),
        LargeStringArray a => a.GetString(i),
        DictionaryArray a => Value(a.Dictionary, a.Indices switch
        {
            Int32Array idx => idx.GetValue(i) ?? 0,
            Int16Array idx => idx.GetValue(i) ?? 0,
            Int8Array idx => idx.GetValue(i) ?? 0,
            UInt8Array idx => idx.GetValue(i) ?? 0,
            UInt16Array idx => idx.GetValue(i) ?? 0,
            Int64Array idx => (int)(idx.GetValue(i) ?? 0),
            _ => throw Unsupported(array, name),
        }, name),
        _ => throw Unsupported(array, name),
    };

    private static ArgumentException Unsupported(IArrowArray array, string name) =>
        new($"Column '{name}' of the record batch has Arrow type {array.Data.DataType.Name}, which is not supported (use numbers, booleans or strings).", name);
}
