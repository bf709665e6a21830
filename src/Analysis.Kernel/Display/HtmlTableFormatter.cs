using System.Collections;
using System.Net;
using System.Text;

namespace Analysis.Kernel.Display;

/// <summary>
/// Renders sequences of records (objects with public properties) and dictionaries as HTML
/// tables, showing the first <see cref="MaxRows"/> rows and saying how many were left out.
/// </summary>
public static class HtmlTableFormatter
{
    /// <summary>Rows shown before the table is cut.</summary>
    public const int MaxRows = 100;

    /// <summary>An HTML table for a sequence of records, or null when the items are not record-like.</summary>
    public static string? FormatSequence(IEnumerable sequence)
    {
        var rows = new List<object?>();
        int total = 0;
        foreach (var item in sequence)
        {
            if (rows.Count < MaxRows) rows.Add(item);
            total++;
            if (total > MaxRows && sequence is not ICollection) { total = -1; break; }
        }
        var first = rows.FirstOrDefault(r => r is not null);
        var columns = first is null || IsScalar(first.GetType()) ? null : PlainTextFormatter.ReadableMembers(first.GetType());
        var sb = new StringBuilder("<table><thead><tr><th><i>index</i></th>");
        if (columns is null or { Count: 0 }) sb.Append("<th>value</th>");
        else foreach (var c in columns) sb.Append("<th>").Append(Escape(c.Name)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append("<tr><td>").Append(i).Append("</td>");
            if (columns is null or { Count: 0 } || rows[i] is null || !columns[0].DeclaringType!.IsInstanceOfType(rows[i]))
                sb.Append("<td>").Append(Escape(PlainTextFormatter.Format(rows[i]))).Append("</td>");
            else
                foreach (var c in columns) sb.Append("<td>").Append(Escape(PlainTextFormatter.Format(PlainTextFormatter.SafeGet(c, rows[i]!)))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (sequence is ICollection col && col.Count > rows.Count) sb.Append($"<p>({col.Count - rows.Count:N0} more rows)</p>");
        else if (total < 0) sb.Append("<p>(more rows not shown)</p>");
        return sb.ToString();
    }

    /// <summary>A two-column key/value HTML table for a dictionary.</summary>
    public static string FormatDictionary(IDictionary dictionary)
    {
        var sb = new StringBuilder("<table><thead><tr><th><i>key</i></th><th>value</th></tr></thead><tbody>");
        int n = 0;
        foreach (DictionaryEntry e in dictionary)
        {
            if (n++ == MaxRows) break;
            sb.Append("<tr><td>").Append(Escape(PlainTextFormatter.Format(e.Key))).Append("</td><td>")
              .Append(Escape(PlainTextFormatter.Format(e.Value))).Append("</td></tr>");
        }
        sb.Append("</tbody></table>");
        if (dictionary.Count > MaxRows) sb.Append($"<p>({dictionary.Count - MaxRows:N0} more entries)</p>");
        return sb.ToString();
    }

    /// <summary>True for types shown as a single cell rather than a row of properties.</summary>
    public static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) ||
        type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(DateOnly) ||
        (PlainTextFormatter.OverridesToString(type) && !type.Name.StartsWith("<>", StringComparison.Ordinal) && !IsRecord(type));

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || type.GetProperty("EqualityContract", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance) is not null;

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
