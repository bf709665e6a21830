using System.Globalization;

namespace Analysis.ML.Learning;

/// <summary>The classes of a label column, in index order, and the mapping of label values to them.</summary>
internal sealed record LabelClasses(string Column, IReadOnlyList<string> Names)
{
    /// <summary>The class name of a label value: numbers and booleans as invariant text.</summary>
    public static string Name(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The sorted distinct values of the label; for a binary label the positive class last.</summary>
    /// <exception cref="ArgumentException">A binary label without exactly two values, or <paramref name="positive"/> not among them.</exception>
    public static LabelClasses Of(FrameColumns data, string column, bool binary, string? positive)
    {
        var names = data.Labels.Select(Name).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!binary)
        {
            if (names.Count < 2) throw new ArgumentException($"label column '{column}' has {names.Count} distinct value(s); a classifier needs at least two", "label");
            return new LabelClasses(column, names);
        }
        if (positive is not null)
        {
            if (!names.Contains(positive))
                throw new ArgumentException($"positive class '{positive}' does not occur in label column '{column}' (values: {string.Join(", ", names)})", nameof(positive));
            if (names.Count > 2)
                throw new ArgumentException($"label column '{column}' has {names.Count} values ({string.Join(", ", names.Take(10))}); a binary classifier needs two", "label");
            return new LabelClasses(column, [.. names.Where(n => n != positive), positive]);
        }
        if (names.Count != 2)
            throw new ArgumentException($"label column '{column}' has {names.Count} distinct value(s) ({string.Join(", ", names.Take(10))}); a binary classifier needs exactly two", "label");
        return new LabelClasses(column, names);
    }

    /// <summary>The class index of every row.</summary>
    /// <exception cref="ArgumentException">A value is not one of the classes; names the column, value and row.</exception>
    public int[] Encode(FrameColumns data)
    {
        var result = new int[data.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var name = Name(data.Labels[i]);
            result[i] = Names.ToList().IndexOf(name) is var k and >= 0 ? k
                : throw new ArgumentException($"label column '{Column}' has value '{name}' at row {data.RowKeys[i]}, which the model was not trained on (classes: {string.Join(", ", Names)})", "frame");
        }
        return result;
    }
}
