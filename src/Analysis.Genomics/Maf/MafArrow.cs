using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Memory;
using Apache.Arrow.Types;

namespace Analysis.Genomics.Maf;

/// <summary>MAF records as Arrow record batches: typed integer columns as int64, the rest as strings.</summary>
/// <remarks>
/// Each record is appended to the columns as it is read, so records die young instead of a whole batch of them
/// surviving into older GC generations. Issue 16 found batches 5x slower than the records themselves and the profile
/// said why: Arrow's builders, new for every batch, start small and double (copying and zeroing at each step), and
/// writing into fresh memory costs a page fault per 4 KB, which on a virtual machine cost more than parsing the rows.
/// So each column writes UTF-8 bytes, offsets, int64s and validity bits straight into arrays of its own that it keeps
/// from batch to batch, and a batch receives copies in memory from a pool that disposing the batch refills.
/// </remarks>
internal static class MafArrow
{
    public static Schema Schema(MafHeader header) =>
        new([.. header.Columns.Select(c => new Field(c, IsInteger(c) ? Int64Type.Default : StringType.Default, nullable: true))], null);

    public static IEnumerable<RecordBatch> Batches(MafHeader header, IEnumerable<MafRecord> records, int batchSize)
    {
        var schema = Schema(header);
        var columns = NewColumns(header);
        try
        {
            // Room for a whole batch up front, within reason: a huge batch size on a small file should not allocate it.
            var capacity = Math.Min(batchSize, 1 << 16);
            foreach (var column in columns) column.Start(capacity);
            var rows = 0;
            foreach (var record in records)
            {
                foreach (var column in columns) column.Append(record);
                if (++rows == batchSize)
                {
                    yield return Build(schema, columns, rows);
                    foreach (var column in columns) column.Start(capacity);
                    rows = 0;
                }
            }
            if (rows > 0) yield return Build(schema, columns, rows);
        }
        finally
        {
            foreach (var column in columns) column.Release();
        }
    }

    private static RecordBatch Build(Schema schema, List<Column> columns, int rows)
    {
        var arrays = new IArrowArray[columns.Count];
        for (var i = 0; i < arrays.Length; i++) arrays[i] = columns[i].Build();
        return new RecordBatch(schema, arrays, rows);
    }

    /// <summary>
    /// Arrow memory from a pool of arrays: disposing a batch returns its buffers, and the next batch reuses them.
    /// </summary>
    /// <remarks>Memory the process has touched before is what makes batches cheap: writing into fresh pages costs a
    /// page fault per 4 KB, which on a virtual machine cost more than parsing the rows (issue 16's profile). A batch
    /// that is never disposed leaves its arrays to the garbage collector, as any array.</remarks>
    private sealed class PooledAllocator : MemoryAllocator
    {
        // The shared pool trims what it holds when memory runs short, so a long session keeps no idle batches.
        private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Shared;

        protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
        {
            bytesAllocated = length;
            return new Rented(_pool, length);
        }

        private sealed class Rented(ArrayPool<byte> pool, int length) : IMemoryOwner<byte>
        {
            private byte[]? _array = pool.Rent(length);

            public Memory<byte> Memory => _array is { } array ? array.AsMemory(0, length) : throw new ObjectDisposedException(nameof(Rented));

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _array, null) is { } array) pool.Return(array);
            }
        }
    }

    /// <summary>Copies bytes written into a column's own (reused) array into pooled Arrow memory.</summary>
    private sealed class Stage(MemoryAllocator allocator)
    {
        private readonly ArrowBuffer.Builder<byte> _builder = new();

        public ArrowBuffer Copy(ReadOnlySpan<byte> bytes)
        {
            _builder.Clear();
            return _builder.Append(bytes).Build(allocator);
        }
    }

    private static bool IsInteger(string column) => MafColumns.ByName.TryGetValue(column, out var c) && c.Type == MafColumnType.Integer;

    private static List<Column> NewColumns(MafHeader header)
    {
        var stage = new Stage(new PooledAllocator());
        return [.. header.Columns.Select(name => MafColumns.ByName.TryGetValue(name, out var known)
            ? known.Type == MafColumnType.Integer ? (Column)new IntegerColumn(stage, known.Integer!) : new TextColumn(stage, known.Text!)
            : new TextColumn(stage, r => r.Extra[name]))];
    }

    /// <summary>
    /// A column's values for one batch, with the validity bitmap every Arrow column has. The arrays written into are the
    /// column's own, kept from batch to batch (so warm); a batch gets pooled copies of them.
    /// </summary>
    private abstract class Column(Stage stage)
    {
        private byte[] _valid = [];

        /// <summary>A scratch array from the shared pool (warm when an earlier reader returned it), at least <paramref name="bytes"/> long.</summary>
        protected static byte[] Rent(int bytes) => ArrayPool<byte>.Shared.Rent(bytes);

        /// <summary>Replaces <paramref name="array"/> by a larger pooled one holding its first <paramref name="keep"/> bytes.</summary>
        protected static void Resize(ref byte[] array, int bytes, int keep)
        {
            var bigger = Rent(bytes);
            array.AsSpan(0, keep).CopyTo(bigger);
            Return(array);
            array = bigger;
        }

        protected static void Return(byte[] array)
        {
            if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
        }

        /// <summary>Gives the scratch arrays back to the pool once the batches are read.</summary>
        public virtual void Release()
        {
            Return(_valid);
            _valid = [];
        }
        private int _nulls;

        protected Stage Stage { get; } = stage;

        protected int Length { get; private set; }

        protected int Capacity { get; private set; }

        /// <summary>Begins a batch, with room for <paramref name="capacity"/> rows before the arrays grow.</summary>
        public virtual void Start(int capacity)
        {
            if (_valid.Length < (capacity + 7) / 8) Resize(ref _valid, (capacity + 7) / 8, 0);
            System.Array.Clear(_valid); // only the 1 bits are written
            _nulls = 0;
            Length = 0;
            Capacity = Math.Max(Capacity, capacity);
        }

        public abstract void Append(MafRecord record);

        public abstract IArrowArray Build();

        /// <summary>Doubles the rows the arrays hold (a batch larger than the first guess).</summary>
        protected virtual void GrowRows()
        {
            Capacity *= 2;
            var used = (Length + 7) / 8;
            Resize(ref _valid, (Capacity + 7) / 8, used);
            _valid.AsSpan(used).Clear();
        }

        protected void Next(bool valid)
        {
            if (Length == Capacity) GrowRows();
            if (valid) _valid[Length >> 3] |= (byte)(1 << (Length & 7));
            else _nulls++;
            Length++;
        }

        /// <summary>The bitmap, or none when every value is present (Arrow's convention, which readers skip checking).</summary>
        protected (ArrowBuffer Bitmap, int Nulls) Validity() =>
            _nulls == 0 ? (ArrowBuffer.Empty, 0) : (Stage.Copy(_valid.AsSpan(0, (Length + 7) / 8)), _nulls);
    }

    private sealed class IntegerColumn(Stage stage, Func<MafRecord, long?> value) : Column(stage)
    {
        // Little-endian int64s, the bytes Arrow's buffer holds.
        private byte[] _values = [];

        public override void Start(int capacity)
        {
            base.Start(capacity);
            if (_values.Length < Capacity * sizeof(long)) Resize(ref _values, Capacity * sizeof(long), 0);
        }

        protected override void GrowRows()
        {
            base.GrowRows();
            Resize(ref _values, Capacity * sizeof(long), Length * sizeof(long));
        }

        public override void Release()
        {
            base.Release();
            Return(_values);
            _values = [];
        }

        public override void Append(MafRecord record)
        {
            var v = value(record);
            Next(v.HasValue);
            // A null's slot is written too: Arrow leaves it undefined, but a reader that ignores the bitmap gets 0.
            BinaryPrimitives.WriteInt64LittleEndian(_values.AsSpan((Length - 1) * sizeof(long)), v.GetValueOrDefault());
        }

        public override IArrowArray Build()
        {
            var (bitmap, nulls) = Validity();
            return new Int64Array(Stage.Copy(_values.AsSpan(0, Length * sizeof(long))), bitmap, Length, nulls, 0);
        }
    }

    /// <summary>UTF-8 bytes and offsets written straight into arrays: several times faster than StringArray.Builder's per-string path.</summary>
    private sealed class TextColumn(Stage stage, Func<MafRecord, string?> value) : Column(stage)
    {
        // Little-endian int32 offsets, Length + 1 of them.
        private byte[] _offsets = [];
        private byte[] _bytes = [];
        private int _used;

        public override void Start(int capacity)
        {
            base.Start(capacity);
            if (_offsets.Length < (Capacity + 1) * sizeof(int)) Resize(ref _offsets, (Capacity + 1) * sizeof(int), 0);
            if (_bytes.Length == 0) _bytes = Rent(1 << 16);
            BinaryPrimitives.WriteInt32LittleEndian(_offsets, 0);
            _used = 0;
        }

        protected override void GrowRows()
        {
            base.GrowRows();
            Resize(ref _offsets, (Capacity + 1) * sizeof(int), (Length + 1) * sizeof(int));
        }

        public override void Release()
        {
            base.Release();
            Return(_offsets);
            Return(_bytes);
            (_offsets, _bytes) = ([], []);
        }

        public override void Append(MafRecord record)
        {
            var text = value(record);
            if (text is not null)
            {
                if (_bytes.Length - _used < text.Length * 3) Grow(Encoding.UTF8.GetByteCount(text));
                _used += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_used));
            }
            Next(text is not null);
            BinaryPrimitives.WriteInt32LittleEndian(_offsets.AsSpan(Length * sizeof(int)), _used);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Grow(int more)
        {
            if (_bytes.Length - _used >= more) return;
            Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + more), _used);
        }

        public override IArrowArray Build()
        {
            var (bitmap, nulls) = Validity();
            var offsets = Stage.Copy(_offsets.AsSpan(0, (Length + 1) * sizeof(int)));
            return new StringArray(Length, offsets, Stage.Copy(_bytes.AsSpan(0, _used)), bitmap, nulls);
        }
    }
}
