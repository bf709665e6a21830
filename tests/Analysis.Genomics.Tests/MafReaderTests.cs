using System.Globalization;
using System.Text.Json;
using Analysis.Genomics.Io;
using Analysis.Genomics.Maf;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Analysis.Genomics.Tests;

public sealed class MafReaderTests
{
    private static readonly string Gdc = Reference.Fixture("gdc-sample.maf");

    /// <summary>A record's field as the MAF wrote it, read back through the typed properties (empty when null).</summary>
    internal static string Text(MafRecord r, string column) => MafColumns.ByName.TryGetValue(column, out var c)
        ? c.Type == MafColumnType.Integer ? c.Integer!(r)?.ToString(CultureInfo.InvariantCulture) ?? "" : c.Text!(r) ?? ""
        : r.Extra[column];

    private static void AssertSameAsPandas(MafReadResult maf, JsonElement pandas)
    {
        Assert.Equal(pandas.GetProperty("columns").EnumerateArray().Select(c => c.GetString()), maf.Header.Columns);
        var rows = pandas.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, maf.Records.Count);
        for (var i = 0; i < rows.Count; i++)
            foreach (var column in maf.Header.Columns)
                Assert.True(rows[i].GetProperty(column).GetString() == Text(maf.Records[i], column), $"row {i} {column}: pandas '{rows[i].GetProperty(column)}', ours '{Text(maf.Records[i], column)}'");
    }

    [Fact]
    public void A_gdc_maf_reads_every_field_as_pandas_does()
    {
        var maf = MafReader.ReadAll(Gdc);
        AssertSameAsPandas(maf, Reference.Run("maf_reference.py", Gdc, "38"));
        Assert.Equal("gdc-1.0.0", maf.Header.Version);
        Assert.Equal(["version gdc-1.0.0", "filedate 20240115", "annotation.spec gdc-1.0.1-public"], maf.Header.Comments);
        Assert.Empty(maf.Skipped);
        var first = maf.Records[0];
        Assert.Equal(("PIK3CA", 5290L, 179234297L, "p.H1047R", 112L, 52L), (first.HugoSymbol, first.EntrezGeneId!.Value, first.StartPosition, first.HgvsPShort!, first.TDepth!.Value, first.TAltCount!.Value));
        Assert.Equal(52.0 / 112, first.TumorVaf!.Value, 12);
    }

    [Theory]
    [InlineData("maftools-tcga-laml.maf", "End_position")]
    [InlineData("maftools-brca.maf", "End_Position")]
    public void Real_maftools_headers_of_either_spelling_read_as_pandas_does(string file, string end)
    {
        // maftools' own examples: TCGA LAML spells End_position, the BRCA one End_Position; validateMaf accepts both.
        var path = Reference.Fixture(file);
        var maf = MafReader.ReadAll(path);
        AssertSameAsPandas(maf, Reference.Run("maf_reference.py", path, "38"));
        Assert.Contains(end, maf.Header.Columns);
        Assert.DoesNotContain(end, maf.Header.ExtraColumns);
        Assert.Equal(ArrowTypeId.Int64, MafReader.Open(path).ArrowSchema.GetFieldByName(end).DataType.TypeId);
        Assert.Equal(25, maf.Records.Count);
        Assert.All(maf.Records, r => Assert.Equal(r.StartPosition + r.ReferenceAllele.Length - 1, r.EndPosition));
    }

    [Fact]
    public void Standard_columns_match_in_any_case_keep_their_spelling_and_repeat_in_two()
    {
        var lower = Reference.TempFile("lower.maf");
        File.WriteAllText(lower, "hugo_symbol\tCHROMOSOME\tstart_position\tEnd_position\tvariant_classification\tVariant_type\treference_allele\ttumor_seq_allele2\tTUMOR_SAMPLE_BARCODE\tt_Depth\tLab\n"
            + "KRAS\tchr12\t25245350\t25245350\tMissense_Mutation\tSNP\tC\tA\tS1\t40\tok\n");
        var maf = MafReader.ReadAll(lower);
        var r = Assert.Single(maf.Records);
        Assert.Equal(("KRAS", "chr12", 25245350L, 25245350L, "C", "A", "S1", 40L), (r.HugoSymbol, r.Chromosome, r.StartPosition, r.EndPosition, r.ReferenceAllele, r.TumorSeqAllele2, r.TumorSampleBarcode, r.TDepth!.Value));
        Assert.Equal("hugo_symbol", maf.Header.Columns[0]);
        Assert.Equal(["Lab"], maf.Header.ExtraColumns);

        var twice = Reference.TempFile("twice.maf");
        File.WriteAllText(twice, "Hugo_Symbol\tChromosome\tStart_Position\tEnd_Position\tEnd_position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\n");
        var e = Assert.Throws<GenomicsFormatException>(() => MafReader.Open(twice));
        Assert.Equal("twice.maf:1: header repeats the column 'End_Position' (as 'End_Position' and 'End_position')", e.Message);
    }

    [Fact]
    public void Unknown_columns_are_kept_by_name()
    {
        var maf = MafReader.ReadAll(Gdc);
        Assert.Contains("Lab_Review", maf.Header.ExtraColumns);
        Assert.Contains("custom_score", maf.Header.ExtraColumns);
        Assert.Contains("One_Consequence", maf.Header.ExtraColumns);
        Assert.DoesNotContain("Hugo_Symbol", maf.Header.ExtraColumns);
        Assert.Equal("confirmed", maf.Records[0].Extra["Lab_Review"]);
        Assert.Equal("", maf.Records[1].Extra["Lab_Review"]);
        Assert.Equal("0.30", maf.Records[3].Extra["custom_score"]);
        Assert.Equal(maf.Header.ExtraColumns, maf.Records[0].Extra.Keys);
        Assert.False(maf.Records[0].Extra.ContainsKey("Hugo_Symbol"));
    }

    [Fact]
    public void Gzip_is_told_by_its_magic_bytes_not_its_name()
    {
        var disguised = Reference.TempFile("looks-plain.maf");
        Reference.Gzip(Gdc, disguised);
        var plainNamedGz = Reference.TempFile("really-plain.maf.gz");
        File.Copy(Gdc, plainNamedGz);
        var plain = MafReader.ReadAll(Gdc);
        var gz = MafReader.ReadAll(disguised);
        Assert.True(gz.Header.IsGzip);
        Assert.False(MafReader.ReadAll(plainNamedGz).Header.IsGzip);
        AssertSameAsPandas(gz, Reference.Run("maf_reference.py", disguised, "38", "gzip"));
        Assert.Equal(plain.Records.Select(r => r.ToString()), gz.Records.Select(r => r.ToString()));
    }

    [Fact]
    public async Task Async_streaming_gives_the_same_records()
    {
        var sync = MafReader.ReadAll(Gdc);
        var async = await MafReader.ReadAllAsync(Gdc);
        Assert.Equal(sync.Records.Select(r => r.ToString()), async.Records.Select(r => r.ToString()));
        using var maf = MafReader.Open(Gdc);
        var n = 0;
        await foreach (var _ in maf.RecordsAsync()) n++;
        Assert.Equal(sync.Records.Count, n);
        Assert.Throws<InvalidOperationException>(() => maf.Records());
    }

    [Fact]
    public void Record_batches_hold_every_column_typed()
    {
        var records = MafReader.ReadAll(Gdc).Records;
        using var maf = MafReader.Open(Gdc);
        var batches = maf.ReadBatches(5).ToList();
        Assert.Equal([5, 5, 3], batches.Select(b => b.Length));
        var schema = batches[0].Schema;
        Assert.Equal(maf.Header.Columns, schema.FieldsList.Select(f => f.Name));
        Assert.IsType<Int64Type>(schema.GetFieldByName("Start_Position").DataType);
        Assert.IsType<Int64Type>(schema.GetFieldByName("t_alt_count").DataType);
        Assert.IsType<StringType>(schema.GetFieldByName("Lab_Review").DataType);
        var row = 0;
        foreach (var batch in batches)
            for (var i = 0; i < batch.Length; i++, row++)
                foreach (var (field, k) in schema.FieldsList.Select((f, k) => (f, k)))
                {
                    var column = batch.Column(k);
                    var value = column is Int64Array ints ? ints.GetValue(i)?.ToString(CultureInfo.InvariantCulture) ?? "" : ((StringArray)column).GetString(i) ?? "";
                    Assert.Equal(Text(records[row], field.Name), value);
                }
        Assert.True(((Int64Array)batches[2].Column("t_ref_count")).IsNull(0), "an empty count is null, not 0");
        Assert.Throws<ArgumentOutOfRangeException>(() => MafReader.Open(Gdc).ReadBatches(0).ToList());
    }

    [Theory]
    [InlineData(997, true)]   // many batches, each disposed before the next: its pooled buffers come back for the next
    [InlineData(997, false)]  // batches kept: nothing may be reused under them
    [InlineData(100_000, true)] // one batch larger than the columns' first room (65,536 rows): the arrays grow mid-batch
    public void Arrow_batches_of_a_generated_maf_equal_its_records(int batchSize, bool dispose)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("maf-arrow-").FullName, "cohort.maf");
        try
        {
            using (var writer = new Analysis.Synthetic.MafWriter(path))
                foreach (var patient in new Analysis.Synthetic.CohortGenerator(new Analysis.Synthetic.GeneratorOptions { Site = "t", Patients = 20_000, Seed = 3 }).Patients())
                {
                    writer.Write(patient);
                    if (writer.Count >= 70_000) break;
                }
            var records = MafReader.ReadAll(path).Records;
            using var maf = MafReader.Open(path);
            var columns = maf.Header.Columns;
            var kept = new List<RecordBatch>();
            var row = 0;
            foreach (var batch in maf.ReadBatches(batchSize))
            {
                for (var i = 0; i < batch.Length; i++, row++)
                    for (var k = 0; k < columns.Count; k++)
                    {
                        var column = batch.Column(k);
                        var value = column is Int64Array ints ? ints.GetValue(i)?.ToString(CultureInfo.InvariantCulture) ?? "" : ((StringArray)column).GetString(i) ?? "";
                        Assert.Equal(Text(records[row], columns[k]), value);
                    }
                if (dispose) batch.Dispose();
                else kept.Add(batch);
            }
            Assert.Equal(records.Count, row);
            // Batches kept while later ones were built still hold their own values.
            for (var b = 0; b < kept.Count; b++)
                for (var i = 0; i < kept[b].Length; i++)
                    for (var k = 0; k < columns.Count; k++)
                        if (kept[b].Column(k) is StringArray strings)
                            Assert.Equal(Text(records[b * batchSize + i], columns[k]), strings.GetString(i) ?? "");
            foreach (var batch in kept) batch.Dispose();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void A_deedle_frame_has_a_row_per_record_and_missing_cells_for_empty_fields()
    {
        using var maf = MafReader.Open(Gdc);
        var frame = maf.ToFrame();
        Assert.Equal(13, frame.RowCount);
        Assert.Equal(MafReader.ReadAll(Gdc).Header.Columns, frame.ColumnKeys);
        Assert.Equal(179234297L, frame.GetColumn<long>("Start_Position")[0]);
        Assert.Equal("TP53", frame.GetColumn<string>("Hugo_Symbol")[1]);
        Assert.False(frame.GetColumn<long>("t_ref_count").TryGet(10).HasValue);
        Assert.Equal(4, frame.GetColumn<string>("Tumor_Sample_Barcode").Values.Distinct().Count());
    }

    private static string WriteMaf(params string[] dataLines)
    {
        var path = Reference.TempFile("bad.maf");
        var header = File.ReadLines(Gdc).Take(4);
        File.WriteAllLines(path, header.Concat(dataLines));
        return path;
    }

    private static string GoodLine(int i) => File.ReadLines(Gdc).Skip(4 + i).First();

    private static string WithField(string line, string column, string value)
    {
        var columns = File.ReadLines(Gdc).Skip(3).First().Split('\t');
        var fields = line.Split('\t');
        fields[System.Array.IndexOf(columns, column)] = value;
        return string.Join('\t', fields);
    }

    public static TheoryData<string, string> BadLines() => new()
    {
        { GoodLine(0) + "\textra", "expected 56 tab-separated fields, found 57" },
        { string.Join('\t', GoodLine(0).Split('\t').Take(20)), "expected 56 tab-separated fields, found 20" },
        { WithField(GoodLine(0), "Start_Position", "12x"), "Start_Position is not an integer: '12x'" },
        { WithField(GoodLine(0), "End_Position", ""), "End_Position is empty" },
        { WithField(GoodLine(0), "t_depth", "deep"), "t_depth is not an integer: 'deep'" },
        { WithField(GoodLine(0), "Hugo_Symbol", ""), "Hugo_Symbol is empty" },
        { WithField(GoodLine(0), "Start_Position", "0"), "Start_Position must be 1 or more" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void A_malformed_line_fails_with_file_and_line(string bad, string reason)
    {
        var path = WriteMaf(GoodLine(0), GoodLine(1), bad, GoodLine(2));
        var e = Assert.Throws<GenomicsFormatException>(() => MafReader.ReadAll(path));
        Assert.Equal("bad.maf", e.File);
        Assert.Equal(7, e.Line);
        Assert.StartsWith($"bad.maf:7: {reason}", e.Message);
    }

    [Fact]
    public void Skip_leaves_malformed_lines_out_and_lists_them()
    {
        var path = WriteMaf(GoodLine(0), WithField(GoodLine(1), "Start_Position", "abc"), GoodLine(2), GoodLine(3) + "\tx", GoodLine(4));
        var maf = MafReader.ReadAll(path, new MafReadOptions { OnError = BadLine.Skip });
        Assert.Equal(3, maf.Records.Count);
        Assert.Equal([6L, 8L], maf.Skipped.Select(s => s.Line));
        Assert.Contains("Start_Position is not an integer: 'abc'", maf.Skipped[0].ToString());
        Assert.StartsWith("bad.maf:8: expected 56", maf.Skipped[1].ToString());
    }

    [Fact]
    public void A_header_without_required_columns_or_rows_fails_clearly()
    {
        var noHeader = Reference.TempFile("empty.maf");
        File.WriteAllText(noHeader, "#version 2.4\n");
        Assert.Equal("empty.maf:0: no header row (the file is empty or only has # lines)", Assert.Throws<GenomicsFormatException>(() => MafReader.Open(noHeader)).Message);
        var missing = Reference.TempFile("missing.maf");
        File.WriteAllText(missing, "#version 2.4\nHugo_Symbol\tChromosome\tStart_Position\nKRAS\tchr12\t1\n");
        var e = Assert.Throws<GenomicsFormatException>(() => MafReader.Open(missing));
        Assert.Equal(2, e.Line);
        Assert.Contains("End_Position", e.Reason);
        Assert.Contains("Tumor_Sample_Barcode", e.Reason);
        var corrupt = Reference.TempFile("corrupt.maf.gz");
        Reference.Gzip(Gdc, corrupt);
        var bytes = File.ReadAllBytes(corrupt);
        File.WriteAllBytes(corrupt, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.ThrowsAny<Exception>(() => MafReader.ReadAll(corrupt));
        Assert.True(truncated is GenomicsFormatException, truncated.ToString());
        Assert.StartsWith("corrupt.maf.gz:", truncated.Message);
    }
}

/// <summary>The readers stream: records come out while the source is still being produced, so memory does not grow with the file.</summary>
public sealed class StreamingTests
{
    /// <summary>An endless MAF: a header, then the same variant row forever.</summary>
    private sealed class EndlessMaf : Stream
    {
        private readonly byte[] _header = System.Text.Encoding.UTF8.GetBytes(
            "#version gdc-1.0.0\nHugo_Symbol\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\n");
        private readonly byte[] _row = System.Text.Encoding.UTF8.GetBytes("KRAS\tchr12\t25245350\t25245350\tMissense_Mutation\tSNP\tC\tT\tS1\n");
        private long _position;

        public long BytesServed => _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++, _position++)
                buffer[offset + i] = _position < _header.Length ? _header[_position] : _row[(_position - _header.Length) % _row.Length];
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void Records_stream_from_an_endless_source()
    {
        var source = new EndlessMaf();
        using var maf = MafReader.Open(source, "endless.maf");
        var first = maf.Records().Take(100_000).ToList();
        Assert.Equal(100_000, first.Count);
        Assert.All(first.Take(10), r => Assert.Equal(25245350, r.StartPosition));
        // Only a read-ahead buffer beyond the rows taken has been pulled from the source.
        Assert.True(source.BytesServed < 100_000L * 60 + (1 << 20), $"{source.BytesServed} bytes read");
    }

    [Fact]
    public void Arrow_batches_stream_from_an_endless_source()
    {
        using var maf = MafReader.Open(new EndlessMaf(), "endless.maf");
        var batches = maf.ReadBatches(1_000).Take(3).ToList();
        Assert.Equal([1_000, 1_000, 1_000], batches.Select(b => b.Length));
    }
}
