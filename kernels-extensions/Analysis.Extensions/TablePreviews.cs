using System.Globalization;
using Analysis.Kernel.Display;
using Apache.Arrow;
using Apache.Arrow.Types;
using Deedle;

namespace Analysis.Extensions;

/// <summary>Previews of Deedle frames and series and Arrow batches and tables, for <see cref="PagedHtmlTable"/>.</summary>
public static class TablePreviews
{
    /// <summary>The first rows of a Deedle frame, with the row keys as the first column.</summary>
    public static TablePreview Frame<TRow, TColumn>(Frame<TRow, TColumn> frame) where TRow : notnull where TColumn : notnull
    {
        var keys = frame.ColumnKeys.ToArray();
        var types = frame.ColumnTypes.ToArray();
        long total = frame.RowCount;
        // Cut the frame first, so only the previewed rows are converted to objects.
        var head = FrameModule.Take((int)Math.Min(total, PagedHtmlTable.MaxPreviewRows), frame);
        var rowKeys = head.RowKeys.ToArray();
        var columns = keys.Select(k => head.GetColumn<object>(k).ObservationsAll.ToArray()).ToArray();
        var rows = Take(rowKeys.Length, columns.Length + 1, (r, c) => c == 0
            ? Text(rowKeys[r])
            : columns[c - 1][r].Value is { HasValue: true } v ? Text(v.Value) : Missing);
        return new TablePreview(
            [new TableColumn("", TypeNames.Display(typeof(TRow))), .. keys.Select((k, i) => new TableColumn(Text(k), TypeNames.Display(types[i])))],
            rows, total, $"Frame<{TypeNames.Display(typeof(TRow))}, {TypeNames.Display(typeof(TColumn))}>: {total:N0} rows × {keys.Length} columns");
    }

    /// <summary>Deedle's own text rendering of a frame: the first and last rows.</summary>
    public static string FrameText<TRow, TColumn>(Frame<TRow, TColumn> frame) where TRow : notnull where TColumn : notnull => frame.Format(10, 5);

    /// <summary>Deedle's own text rendering of a series.</summary>
    public static string SeriesText<TKey, TValue>(Series<TKey, TValue> series) where TKey : notnull => series.Format(15);

    /// <summary>The first entries of a Deedle series as key and value columns.</summary>
    public static TablePreview Series<TKey, TValue>(Series<TKey, TValue> series) where TKey : notnull
    {
        var rows = Take(Math.Min(series.KeyCount, PagedHtmlTable.MaxPreviewRows), 2, (r, c) => c == 0
            ? Text(series.GetKeyAt(r))
            : series.TryGetAt(r) is { HasValue: true } v ? Text(v.Value) : Missing);
        return new TablePreview([new TableColumn("key", TypeNames.Display(typeof(TKey))), new TableColumn("value", TypeNames.Display(typeof(TValue)))],
            rows, series.KeyCount, $"Series<{TypeNames.Display(typeof(TKey))}, {TypeNames.Display(typeof(TValue))}>: {series.KeyCount:N0} values");
    }

    /// <summary>The first rows of an Arrow record batch.</summary>
    public static TablePreview RecordBatch(RecordBatch batch) =>
        Arrow(batch.Schema, [.. Enumerable.Range(0, batch.ColumnCount).Select(i => new[] { batch.Column(i) })], batch.Length, "RecordBatch");

    /// <summary>The first rows of an Arrow table (its columns may be split into chunks).</summary>
    public static TablePreview Table(Apache.Arrow.Table table) =>
        Arrow(table.Schema, [.. Enumerable.Range(0, table.ColumnCount).Select(i => Chunks(table.Column(i).Data))], table.RowCount, "Table");

    private static IArrowArray[] Chunks(ChunkedArray data) => Enumerable.Range(0, data.ArrayCount).Select(data.ArrowArray).ToArray();

    private static TablePreview Arrow(Schema schema, IArrowArray[][] chunks, long total, string kind)
    {
        int n = (int)Math.Min(total, PagedHtmlTable.MaxPreviewRows);
        var rows = Take(n, chunks.Length, (r, c) => ArrowValue(chunks[c], r));
        return new TablePreview(schema.FieldsList.Select(f => new TableColumn(f.Name, ArrowTypeName(f))).ToArray(), rows, total,
            $"Arrow {kind}: {total:N0} rows × {schema.FieldsList.Count} columns");
    }

    /// <summary>Reads rows until <see cref="PagedHtmlTable.MaxPreviewCharacters"/> of text, so a wide frame's preview stays small too.</summary>
    private static TableCell[][] Take(int rowCount, int columnCount, Func<int, int, TableCell> cell)
    {
        var rows = new List<TableCell[]>(Math.Min(rowCount, 256));
        long characters = 0;
        for (int r = 0; r < rowCount && characters < PagedHtmlTable.MaxPreviewCharacters; r++)
        {
            var row = new TableCell[columnCount];
            for (int c = 0; c < columnCount; c++)
            {
                row[c] = cell(r, c);
                characters += row[c].Text.Length + 3;
            }
            rows.Add(row);
        }
        return rows.ToArray();
    }

    private static readonly TableCell Missing = new("", "missing", "missing value");

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static TableCell ArrowValue(IArrowArray[] chunks, int row)
    {
        foreach (var chunk in chunks)
        {
            if (row >= chunk.Length) { row -= chunk.Length; continue; }
            if (chunk.IsNull(row)) return Missing;
            return Text(chunk switch
            {
                StringArray s => s.GetString(row),
                BooleanArray b => b.GetValue(row),
                Int8Array a => a.GetValue(row), Int16Array a => a.GetValue(row), Int32Array a => a.GetValue(row), Int64Array a => a.GetValue(row),
                UInt8Array a => a.GetValue(row), UInt16Array a => a.GetValue(row), UInt32Array a => a.GetValue(row), UInt64Array a => a.GetValue(row),
                FloatArray a => a.GetValue(row), DoubleArray a => a.GetValue(row), Decimal128Array a => a.GetValue(row),
                Date32Array a => a.GetDateTime(row), Date64Array a => a.GetDateTime(row), TimestampArray a => a.GetTimestamp(row),
                DictionaryArray d => DictionaryValue(d, row),
                _ => $"({chunk.Data.DataType.Name})",
            });
        }
        return Missing;
    }

    private static object? DictionaryValue(DictionaryArray array, int row)
    {
        var index = array.Indices switch
        {
            Int8Array a => a.GetValue(row), Int16Array a => a.GetValue(row), Int32Array a => a.GetValue(row), Int64Array a => (int?)a.GetValue(row),
            _ => null,
        };
        return index is { } i && array.Dictionary is StringArray s ? s.GetString(i) : index;
    }

    private static string ArrowTypeName(Field field) => field.DataType switch
    {
        TimestampType t => t.Timezone is null ? "timestamp" : $"timestamp[{t.Timezone}]",
        DictionaryType d => $"dictionary<{d.ValueType.Name}>",
        var t => t.Name,
    } + (field.IsNullable ? "?" : "");
}
