using Apache.Arrow;
using Apache.Arrow.Types;

namespace Analysis.Genomics.Maf;

/// <summary>MAF records as Arrow record batches: typed integer columns as int64, the rest as strings.</summary>
/// <remarks>Each record is appended to the column builders as it is read, so records die young instead of a whole
/// batch of them surviving into older GC generations.</remarks>
internal static class MafArrow
{
    public static Schema Schema(MafHeader header) =>
        new([.. header.Columns.Select(c => new Field(c, IsInteger(c) ? Int64Type.Default : StringType.Default, nullable: true))], null);

    public static IEnumerable<RecordBatch> Batches(MafHeader header, IEnumerable<MafRecord> records, int batchSize)
    {
        var schema = Schema(header);
        var columns = NewColumns(header);
        var rows = 0;
        foreach (var record in records)
        {
            foreach (var column in columns) column.Append(record);
            if (++rows == batchSize)
            {
                yield return new RecordBatch(schema, columns.Select(c => c.Build()), rows);
                columns = NewColumns(header);
                rows = 0;
            }
        }
        if (rows > 0) yield return new RecordBatch(schema, columns.Select(c => c.Build()), rows);
    }

    private static bool IsInteger(string column) => MafColumns.ByName.TryGetValue(column, out var c) && c.Type == MafColumnType.Integer;

    private static List<Column> NewColumns(MafHeader header) =>
        [.. header.Columns.Select(name => MafColumns.ByName.TryGetValue(name, out var known)
            ? known.Type == MafColumnType.Integer ? (Column)new IntegerColumn(known.Integer!) : new TextColumn(known.Text!)
            : new TextColumn(r => r.Extra[name]))];

    private abstract class Column
    {
        public abstract void Append(MafRecord record);

        public abstract IArrowArray Build();
    }

    private sealed class IntegerColumn(Func<MafRecord, long?> value) : Column
    {
        private readonly Int64Array.Builder _builder = new();

        public override void Append(MafRecord record) => _builder.Append(value(record));

        public override IArrowArray Build() => _builder.Build();
    }

    /// <summary>Writes the UTF-8 bytes, offsets and validity bitmap directly: several times faster than StringArray.Builder's per-string path.</summary>
    private sealed class TextColumn(Func<MafRecord, string?> value) : Column
    {
        private readonly ArrowBuffer.Builder<int> _offsets = new ArrowBuffer.Builder<int>().Append(0);
        private readonly ArrowBuffer.Builder<byte> _bytes = new();
        private readonly ArrowBuffer.BitmapBuilder _valid = new();
        private byte[] _scratch = new byte[256];
        private int _length, _nulls;

        public override void Append(MafRecord record)
        {
            if (value(record) is { } text)
            {
                var max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
                if (max > _scratch.Length) _scratch = new byte[max];
                var n = System.Text.Encoding.UTF8.GetBytes(text, _scratch);
                _bytes.Append(_scratch.AsSpan(0, n));
                _length += n;
                _valid.Append(true);
            }
            else
            {
                _valid.Append(false);
                _nulls++;
            }
            _offsets.Append(_length);
        }

        public override IArrowArray Build() => new StringArray(_valid.Length, _offsets.Build(), _bytes.Build(), _valid.Build(), _nulls);
    }
}
