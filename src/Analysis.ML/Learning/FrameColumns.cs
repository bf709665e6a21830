using Deedle;

namespace Analysis.ML.Learning;

/// <summary>Numeric feature columns and a label column read out of a Deedle frame, checked.</summary>
/// <param name="Features">The feature names, in order.</param>
/// <param name="X">One row of feature values per frame row.</param>
/// <param name="Labels">The label value per row (null when no label was asked for).</param>
/// <param name="RowKeys">The frame's row keys, for error messages.</param>
internal sealed record FrameColumns(IReadOnlyList<string> Features, double[][] X, object?[] Labels, object[] RowKeys)
{
    /// <summary>Rows.</summary>
    public int Count => X.Length;

    /// <summary>Reads <paramref name="features"/> (all numeric columns but the label when null) and <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">A column is missing, not numeric, or has missing values; the message names it.</exception>
    public static FrameColumns Read<TRow>(Frame<TRow, string> frame, string? label, IReadOnlyList<string>? features, string argument = "frame")
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.ColumnKeys.ToList();
        var types = columns.Zip(frame.ColumnTypes).ToDictionary(p => p.First, p => p.Second);
        var problems = new List<string>();
        if (label is not null && !types.ContainsKey(label)) problems.Add($"label column '{label}' is not in the frame");
        var names = features?.ToList() ?? columns.Where(c => c != label && IsNumeric(types[c])).ToList();
        if (names.Count == 0) problems.Add("no feature columns: name them, or give the frame numeric columns besides the label");
        foreach (var dup in names.GroupBy(n => n).Where(g => g.Count() > 1)) problems.Add($"feature column '{dup.Key}' is listed twice");
        foreach (var name in names)
        {
            if (name == label) problems.Add($"column '{name}' is both the label and a feature");
            else if (!types.TryGetValue(name, out var type)) problems.Add($"feature column '{name}' is not in the frame");
            else if (!IsNumeric(type)) problems.Add($"feature column '{name}' holds {type.Name} values, not numbers");
        }
        if (problems.Count > 0) throw Problem(argument, problems, columns);

        var keys = frame.RowKeys.Cast<object>().ToArray();
        var x = new double[keys.Length][];
        for (var r = 0; r < x.Length; r++) x[r] = new double[names.Count];
        for (var j = 0; j < names.Count; j++)
        {
            var values = frame.GetColumn<double>(names[j]).GetAllValues().ToArray();
            var missing = Enumerable.Range(0, values.Length).Where(r => !values[r].HasValue || !double.IsFinite(values[r].Value)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"feature column '{names[j]}' has {missing.Count} missing or non-finite value(s), first at row {keys[missing[0]]}");
                continue;
            }
            for (var r = 0; r < values.Length; r++) x[r][j] = values[r].Value;
        }
        var labels = new object?[keys.Length];
        if (label is not null)
        {
            var values = frame.GetColumn<object>(label).GetAllValues().ToArray();
            var missing = Enumerable.Range(0, values.Length).Where(r => !values[r].HasValue || values[r].Value is double d && double.IsNaN(d)).ToList();
            if (missing.Count > 0) problems.Add($"label column '{label}' has {missing.Count} missing value(s), first at row {keys[missing[0]]}");
            else for (var r = 0; r < values.Length; r++) labels[r] = values[r].Value;
        }
        if (problems.Count > 0) throw Problem(argument, problems, columns);
        return new FrameColumns(names, x, labels, keys);
    }

    /// <summary>The rows at <paramref name="indices"/>.</summary>
    public FrameColumns Subset(IReadOnlyList<int> indices) =>
        new(Features, [.. indices.Select(i => X[i])], [.. indices.Select(i => Labels[i])], [.. indices.Select(i => RowKeys[i])]);

    private static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(int) || type == typeof(long) || type == typeof(decimal)
        || type == typeof(short) || type == typeof(byte) || type == typeof(bool);

    internal static ArgumentException Problem(string argument, IEnumerable<string> problems, IEnumerable<string> columns) =>
        new($"{string.Join("; ", problems)} (the frame's columns: {string.Join(", ", columns)})", argument);
}
