using System.Globalization;
using System.Reflection;
using System.Text;
using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Turns a sequence of row records into a Deedle frame, an Arrow batch or aligned text, so every result type
/// shares one conversion. Columns are the record's public properties, in declaration order.
/// </summary>
internal static class Tabular
{
    public static Frame<int, string> ToFrame<T>(IEnumerable<T> rows) => Frame.FromRecords(rows.ToList());

    public static RecordBatch ToArrow<T>(IEnumerable<T> rows)
    {
        var list = rows.ToList();
        var builder = new RecordBatch.Builder();
        foreach (var property in Properties<T>())
        {
            var values = list.Select(r => property.GetValue(r)).ToList();
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(double))
                builder.Append(property.Name, true, c => c.Double(b => { foreach (var v in values) if (v is double d) b.Append(d); else b.AppendNull(); }));
            else if (type == typeof(long) || type == typeof(int))
                builder.Append(property.Name, true, c => c.Int64(b => { foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(Convert.ToInt64(v, CultureInfo.InvariantCulture)); }));
            else if (type == typeof(bool))
                builder.Append(property.Name, true, c => c.Boolean(b => { foreach (var v in values) if (v is bool x) b.Append(x); else b.AppendNull(); }));
            else
                builder.Append(property.Name, true, c => c.String(b => { foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(ColumnSource.Format(v)); }));
        }
        return builder.Build();
    }

    /// <summary>An aligned text table: a title line, a header and one line per row (numbers right-aligned).</summary>
    public static string ToText<T>(string? title, IEnumerable<T> rows, int maxRows = 40)
    {
        var properties = Properties<T>();
        var list = rows.ToList();
        var shown = list.Count > maxRows ? list.Take(maxRows / 2).Concat(list.Skip(list.Count - maxRows / 2)).ToList() : list;
        var cells = shown.Select(r => properties.Select(p => Cell(p.GetValue(r))).ToArray()).ToList();
        var widths = properties.Select((p, j) => Math.Max(p.Name.Length, cells.Count == 0 ? 0 : cells.Max(c => c[j].Length))).ToArray();
        var numeric = properties.Select(p => IsNumber(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)).ToArray();
        var text = new StringBuilder();
        if (title is not null) text.AppendLine(title);
        text.AppendLine(Line(properties.Select(p => p.Name).ToArray(), widths, numeric));
        for (var i = 0; i < cells.Count; i++)
        {
            if (list.Count > maxRows && i == maxRows / 2) text.AppendLine($"  ... {list.Count - maxRows} more rows ...");
            text.AppendLine(Line(cells[i], widths, numeric));
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>Formats a number as R prints it: 6 significant digits, NA for NaN.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "NA" : double.IsPositiveInfinity(value) ? "Inf" : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A p-value as R prints it: values below 2e-16 as "&lt;2e-16".</summary>
    public static string PValue(double p) => p < 2e-16 ? "<2e-16" : p.ToString("G3", CultureInfo.InvariantCulture);

    private static string Cell(object? value) => value switch
    {
        null => "NA",
        double d => Number(d),
        _ => ColumnSource.Format(value),
    };

    private static string Line(string[] cells, int[] widths, bool[] rightAligned) =>
        string.Join("  ", cells.Select((c, j) => rightAligned[j] ? c.PadLeft(widths[j]) : c.PadRight(widths[j]))).TrimEnd();

    private static bool IsNumber(Type type) => type == typeof(double) || type == typeof(long) || type == typeof(int);

    private static PropertyInfo[] Properties<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray();
}
