using Apache.Arrow;
using Apache.Arrow.Types;

namespace Analysis.Genomics.Maf;

/// <summary>MAF records as Arrow record batches: typed integer columns as int64, the rest as strings.</summary>
internal static class MafArrow
{
    public static Schema Schema(MafHeader header) =>
        new([.. header.Columns.Select(c => new Field(c, IsInteger(c) ? Int64Type.Default : StringType.Default, nullable: true))], null);

    public static IEnumerable<RecordBatch> Batches(MafHeader header, IEnumerable<MafRecord> records, int batchSize)
    {
        var schema = Schema(header);
        var rows = new List<MafRecord>(Math.Min(batchSize, 65_536));
        foreach (var record in records)
        {
            rows.Add(record);
            if (rows.Count == batchSize)
            {
                yield return Batch(schema, header, rows);
                rows.Clear();
            }
        }
        if (rows.Count > 0) yield return Batch(schema, header, rows);
    }

    private static bool IsInteger(string column) => MafColumns.ByName.TryGetValue(column, out var c) && c.Type == MafColumnType.Integer;

    private static RecordBatch Batch(Schema schema, MafHeader header, List<MafRecord> rows)
    {
        var arrays = header.Columns.Select(column => MafColumns.ByName.TryGetValue(column, out var known)
            ? known.Type == MafColumnType.Integer ? Integers(rows, known.Integer!) : Strings(rows, known.Text!)
            : Strings(rows, r => r.Extra[column])).ToList();
        return new RecordBatch(schema, arrays, rows.Count);
    }

    private static IArrowArray Integers(List<MafRecord> rows, Func<MafRecord, long?> value)
    {
        var builder = new Int64Array.Builder().Reserve(rows.Count);
        foreach (var row in rows) builder.Append(value(row));
        return builder.Build();
    }

    private static IArrowArray Strings(List<MafRecord> rows, Func<MafRecord, string?> value)
    {
        var builder = new StringArray.Builder();
        foreach (var row in rows)
        {
            if (value(row) is { } text) builder.Append(text);
            else builder.AppendNull();
        }
        return builder.Build();
    }
}
