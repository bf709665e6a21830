using Analysis.Stats;
using Deedle;

namespace Analysis.ML.Learning;

/// <summary>Numeric feature columns and a label column read out of a Deedle frame, checked.</summary>
/// <param name="Features">The feature names, in order.</param>
/// <param name="X">One row of feature values per frame row.</param>
/// <param name="Labels">The label value per row (null when no label was asked for).</param>
/// <param name="RowKeys">The frame's row keys, for error messages.</param>
/// <remarks>
/// Columns are read by <see cref="ColumnSource"/>, so a value is missing exactly when the statistics count it missing
/// (null, NaN, empty text, <c>NA</c>). A feature holds numbers (text that parses as one included) or booleans (as 0
/// and 1); it may hold neither missing nor infinite values, and the label may hold no missing value.
/// </remarks>
internal sealed record FrameColumns(IReadOnlyList<string> Features, double[][] X, object?[] Labels, object[] RowKeys)
{
    /// <summary>Rows.</summary>
    public int Count => X.Length;

    /// <summary>Reads <paramref name="features"/> (all numeric or boolean columns but the label when null) and <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">A column is missing, not numeric, or has missing values; the message names it.</exception>
    public static FrameColumns Read<TRow>(Frame<TRow, string> frame, string? label, IReadOnlyList<string>? features, string argument = "frame")
    {
        ArgumentNullException.ThrowIfNull(frame);
        var source = ColumnSource.From(frame);
        var columns = source.ColumnNames;
        var problems = new List<string>();
        if (label is not null && !source.HasColumn(label)) problems.Add($"label column '{label}' is not in the frame");
        var names = features?.ToList() ?? columns.Where(c => c != label && NotNumeric(source, c) is null).ToList();
        if (names.Count == 0) problems.Add("no feature columns: name them, or give the frame numeric columns besides the label");
        foreach (var dup in names.GroupBy(n => n).Where(g => g.Count() > 1)) problems.Add($"feature column '{dup.Key}' is listed twice");
        foreach (var name in names)
        {
            if (name == label) problems.Add($"column '{name}' is both the label and a feature");
            else if (!source.HasColumn(name)) problems.Add($"feature column '{name}' is not in the frame");
            else if (NotNumeric(source, name) is { } type) problems.Add($"feature column '{name}' holds {type.Name} values, not numbers");
        }
        if (problems.Count > 0) throw Problem(argument, problems, columns);

        var keys = frame.RowKeys.Cast<object>().ToArray();
        var x = new double[keys.Length][];
        for (var r = 0; r < x.Length; r++) x[r] = new double[names.Count];
        for (var j = 0; j < names.Count; j++)
        {
            var values = Numbers(source, names[j]);
            var missing = Enumerable.Range(0, values.Length).Where(r => values[r] is not { } v || !double.IsFinite(v)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"feature column '{names[j]}' has {missing.Count} missing or non-finite value(s), first at row {keys[missing[0]]}");
                continue;
            }
            for (var r = 0; r < values.Length; r++) x[r][j] = values[r]!.Value;
        }
        var labels = new object?[keys.Length];
        if (label is not null)
        {
            var values = source.Values(label);
            var missing = Enumerable.Range(0, values.Count).Where(r => values[r] is null).ToList();
            if (missing.Count > 0) problems.Add($"label column '{label}' has {missing.Count} missing value(s), first at row {keys[missing[0]]}");
            else for (var r = 0; r < values.Count; r++) labels[r] = values[r];
        }
        if (problems.Count > 0) throw Problem(argument, problems, columns);
        return new FrameColumns(names, x, labels, keys);
    }

    /// <summary>The rows at <paramref name="indices"/>.</summary>
    public FrameColumns Subset(IReadOnlyList<int> indices) =>
        new(Features, [.. indices.Select(i => X[i])], [.. indices.Select(i => Labels[i])], [.. indices.Select(i => RowKeys[i])]);

    // Boolean columns are the one kind the statistics read as categories but a learner takes as numbers (0 and 1).
    private static bool IsBoolean(ColumnSource source, string name) => source.Values(name).All(v => v is null or bool);

    /// <summary>Null for a column a feature can be made of; otherwise the type of its first value that is not a number.</summary>
    private static Type? NotNumeric(ColumnSource source, string name) =>
        IsBoolean(source, name) || source.IsNumeric(name) ? null
        : source.Values(name).First(v => v is not null && Type.GetTypeCode(v.GetType()) is not (>= TypeCode.SByte and <= TypeCode.Decimal))!.GetType();

    private static double?[] Numbers(ColumnSource source, string name) =>
        IsBoolean(source, name) ? [.. source.Values(name).Select(v => v is bool b ? (b ? 1.0 : 0.0) : (double?)null)] : source.Numeric(name);

    internal static ArgumentException Problem(string argument, IEnumerable<string> problems, IEnumerable<string> columns) =>
        new($"{string.Join("; ", problems)} (the frame's columns: {string.Join(", ", columns)})", argument);
}
