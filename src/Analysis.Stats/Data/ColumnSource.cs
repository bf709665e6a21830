using System.Globalization;
using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Column access by name over a Deedle frame, an Arrow record batch or named lists, so every statistic and every
/// learning task reads its input the same way. Numeric columns come back as <c>double?[]</c>, text as
/// <c>string?[]</c>, status as <c>bool?[]</c>; missing values are <c>null</c>. A missing or mistyped column throws
/// <see cref="ArgumentException"/> naming the column and what is wrong with it.
/// </summary>
/// <remarks>
/// <para>The one missing-value rule of the libraries (<see cref="IsMissing"/>), whatever the column's type:
/// a null (a Deedle missing value, an Arrow null, a null in a list), a floating-point <c>NaN</c>, and text that is
/// empty, only white space, or exactly <c>NA</c> (as R's <c>read.csv</c> reads it). Infinities are values, not
/// missing; a reader that cannot use them refuses them by name.</para>
/// </remarks>
public sealed class ColumnSource
{
    private readonly Dictionary<string, Func<object?[]>> _columns;
    private readonly Dictionary<string, object?[]> _cache = new(StringComparer.Ordinal);

    private ColumnSource(string source, int rowCount, IEnumerable<(string Name, Func<object?[]> Values)> columns)
    {
        Source = source;
        RowCount = rowCount;
        _columns = new Dictionary<string, Func<object?[]>>(StringComparer.Ordinal);
        foreach (var (name, values) in columns) _columns[name] = values;
        ColumnNames = _columns.Keys.ToArray();
    }

    /// <summary>What the data came from (used in error messages), e.g. <c>"frame"</c> or <c>"record batch"</c>.</summary>
    public string Source { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The column names, in the source's order.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Wraps a Deedle frame (any row key type; columns keyed by name).</summary>
    public static ColumnSource From<TRow>(Frame<TRow, string> frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new ColumnSource("frame", frame.RowCount, frame.ColumnKeys.Select(name =>
            (name, (Func<object?[]>)(() => frame.GetColumn<object>(name).GetAllValues()
                .Select(v => v.HasValue ? v.Value : null).ToArray()))));
    }

    /// <summary>Wraps an Arrow record batch (columns named by its schema).</summary>
    public static ColumnSource From(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new ColumnSource("record batch", batch.Length, batch.Schema.FieldsList.Select((field, index) =>
            (field.Name, (Func<object?[]>)(() => ArrowValues.Read(batch.Column(index), field.Name)))));
    }

    /// <summary>Builds a table from named columns of equal length (values: numbers, strings, booleans or null).</summary>
    public static ColumnSource FromColumns(IReadOnlyDictionary<string, IReadOnlyList<object?>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var lengths = columns.Values.Select(c => c.Count).Distinct().ToArray();
        if (lengths.Length > 1)
            throw new ArgumentException($"Columns have different lengths ({string.Join(", ", columns.Select(c => $"'{c.Key}': {c.Value.Count}"))}).", nameof(columns));
        return new ColumnSource("columns", lengths.FirstOrDefault(), columns.Select(c =>
            (c.Key, (Func<object?[]>)(() => c.Value.ToArray()))));
    }

    /// <summary>True when the table has a column of that name.</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>
    /// True when every present value of the column is a number (numeric types, or text that parses as one
    /// invariantly); false for text and boolean columns, which enter models as categories.
    /// </summary>
    public bool IsNumeric(string name) => Raw(name).All(v => v is null || AsNumber(v) is not null);

    /// <summary>A numeric column; text that parses as a number (invariant culture) is accepted, "NA" and empty text are missing.</summary>
    /// <exception cref="ArgumentException">The column is missing or holds a value that is not a number (the row is named).</exception>
    public double?[] Numeric(string name)
    {
        var raw = Raw(name);
        var result = new double?[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] is null) continue;
            result[i] = AsNumber(raw[i]!) ?? throw new ArgumentException(
                $"Column '{name}' of the {Source} must be numeric, but row {i} holds '{Format(raw[i])}' ({raw[i]!.GetType().Name}).", name);
        }
        return result;
    }

    /// <summary>A column as text (numbers formatted invariantly, booleans as <c>true</c>/<c>false</c>); missing values (also empty text and "NA") are null.</summary>
    /// <exception cref="ArgumentException">The column is missing.</exception>
    public string?[] Text(string name) => Raw(name).Select(v => v is null ? null : Format(v)).ToArray();

    /// <summary>
    /// An event-status column: 0/1 (1 = event), 1/2 (R's <c>lung</c> convention, 2 = event) or boolean
    /// (true = event). Text <c>"0"</c>/<c>"1"</c>/<c>"2"</c>/<c>"true"</c>/<c>"false"</c> is read the same way.
    /// </summary>
    /// <exception cref="ArgumentException">The column is missing or holds another value (the row is named), or mixes 0 and 2.</exception>
    public bool?[] Status(string name)
    {
        var raw = Raw(name);
        var codes = new double?[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var v = raw[i];
            if (v is null) continue;
            codes[i] = v switch
            {
                bool b => b ? 1 : 0,
                string s when bool.TryParse(s, out var b) => b ? 1 : 0,
                _ => AsNumber(v),
            };
            if (codes[i] is not (0 or 1 or 2))
                throw new ArgumentException(
                    $"Column '{name}' of the {Source} is an event status and must hold 0/1, 1/2 or true/false, but row {i} holds '{Format(v)}'.", name);
        }
        var hasZero = codes.Contains(0);
        var hasTwo = codes.Contains(2);
        if (hasZero && hasTwo)
            throw new ArgumentException(
                $"Column '{name}' of the {Source} mixes status codes 0 and 2; use 0/1 (1 = event) or 1/2 (2 = event).", name);
        var eventCode = hasTwo ? 2 : 1;
        return codes.Select(c => c is null ? (bool?)null : c == eventCode).ToArray();
    }

    /// <summary>
    /// A column's values as the source holds them (numbers, booleans, text), with every missing value (see
    /// <see cref="IsMissing"/>) as null: for readers that convert values their own way, under the same rule.
    /// </summary>
    /// <exception cref="ArgumentException">The column is missing.</exception>
    public IReadOnlyList<object?> Values(string name) => System.Array.AsReadOnly(Raw(name));

    /// <summary>
    /// The distinct present values of a column as text, in order: numeric order for numeric columns, ordinal
    /// string order otherwise (the first is the reference level of dummy coding).
    /// </summary>
    public IReadOnlyList<string> Levels(string name)
    {
        var text = Text(name).OfType<string>().Distinct();
        return IsNumeric(name)
            ? text.OrderBy(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray()
            : text.Order(StringComparer.Ordinal).ToArray();
    }

    private object?[] Raw(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_columns.TryGetValue(name, out var read))
            throw new ArgumentException(
                $"The {Source} has no column '{name}' (columns: {string.Join(", ", ColumnNames.Select(c => $"'{c}'"))}).", name);
        // Locked so that one table can feed several analyses running in parallel.
        lock (_cache)
        {
            if (_cache.TryGetValue(name, out var cached)) return cached;
            return _cache[name] = read().Select(v => IsMissing(v) ? null : v).ToArray();
        }
    }

    /// <summary>
    /// Whether a value counts as missing: null, <c>NaN</c> (double or float), or text that is empty, white space or
    /// <c>NA</c>. Infinities, zero, <c>false</c> and any other text are values.
    /// </summary>
    /// <param name="value">A value as a frame, batch or list holds it.</param>
    // As R's read.csv: empty text and "NA" are missing values, whatever the column's type; so is NaN.
    public static bool IsMissing(object? value) => value switch
    {
        null => true,
        string s => string.IsNullOrWhiteSpace(s) || s == "NA",
        double d => double.IsNaN(d),
        float f => float.IsNaN(f),
        _ => false,
    };

    private static double? AsNumber(object value) => value switch
    {
        double d => d,
        float f => f,
        int n => n,
        long n => n,
        short n => n,
        byte n => n,
        sbyte n => n,
        uint n => n,
        ulong n => n,
        ushort n => n,
        decimal m => (double)m,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        _ => null,
    };

    internal static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
