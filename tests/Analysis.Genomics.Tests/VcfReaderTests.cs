using System.Text.Json;
using Analysis.Genomics.Io;
using Analysis.Genomics.Vcf;

namespace Analysis.Genomics.Tests;

public sealed class VcfReaderTests
{
    private static readonly string Fixture = Reference.Fixture("multisample.vcf");

    private static List<VcfRecord> ReadAll(string path, VcfReadOptions? options = null)
    {
        using var vcf = VcfReader.Open(path, options);
        return [.. vcf.Records()];
    }

    /// <summary>A typed value as JSON, for comparison with the Python parse (NaN there is null, as missing).</summary>
    private static string Json(object? value) => value switch
    {
        null => "null",
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        char c => JsonSerializer.Serialize(c.ToString()),
        string s => JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        System.Collections.IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Json)) + "]",
        _ => throw new InvalidOperationException(value.GetType().Name),
    };

    private static string Json(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt32(out var i) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e') => Json(i),
        JsonValueKind.Number => Json(e.GetDouble()),
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Json)) + "]",
        JsonValueKind.String => JsonSerializer.Serialize(e.GetString()),
        _ => e.GetRawText(),
    };

    private static void AssertSameAsPython(List<VcfRecord> records, JsonElement python)
    {
        var expected = python.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var (r, e) = (records[i], expected[i]);
            var where = $"record {i} ({r})";
            Assert.Equal(e.GetProperty("chrom").GetString(), r.Chromosome);
            Assert.Equal(e.GetProperty("pos").GetInt64(), r.Position);
            Assert.Equal(e.GetProperty("ids").EnumerateArray().Select(x => x.GetString()), r.Ids);
            Assert.Equal(e.GetProperty("ref").GetString(), r.Reference);
            Assert.Equal(e.GetProperty("alts").EnumerateArray().Select(x => x.GetString()), r.Alternates);
            Assert.Equal(e.GetProperty("qual").ValueKind == JsonValueKind.Null ? null : e.GetProperty("qual").GetDouble(), r.Quality);
            Assert.Equal(e.GetProperty("filters").EnumerateArray().Select(x => x.GetString()), r.Filters);
            var info = e.GetProperty("info").EnumerateObject().ToList();
            Assert.Equal(info.Select(p => p.Name), r.Info.Keys);
            foreach (var p in info) Assert.True(Json(p.Value) == Json(r.Info[p.Name]), $"{where} INFO {p.Name}: python {Json(p.Value)}, ours {Json(r.Info[p.Name])}");
            var samples = e.GetProperty("samples").EnumerateArray().ToList();
            Assert.Equal(samples.Count, r.Samples.Count);
            for (var s = 0; s < samples.Count; s++)
            {
                var (ours, theirs) = (r.Samples[s], samples[s]);
                Assert.Equal(theirs.GetProperty("name").GetString(), ours.Name);
                var alleles = theirs.GetProperty("alleles");
                if (alleles.ValueKind == JsonValueKind.Null) Assert.Null(ours.Genotype);
                else
                {
                    Assert.Equal(Json(alleles), Json(ours.Genotype!.Alleles));
                    Assert.True(theirs.GetProperty("phased").GetBoolean() == ours.Genotype.IsPhased, $"{where} {ours.Name} phasing");
                }
                foreach (var p in theirs.GetProperty("values").EnumerateObject())
                    Assert.True(Json(p.Value) == Json(ours[p.Name]), $"{where} {ours.Name} {p.Name}: python {Json(p.Value)}, ours {Json(ours[p.Name])}");
            }
        }
    }

    [Fact]
    public void Records_and_typed_fields_match_an_independent_parse()
    {
        AssertSameAsPython(ReadAll(Fixture), Reference.Run("vcf_reference.py", Fixture));
    }

    [Fact]
    public void The_header_gives_meta_lines_definitions_filters_contigs_and_samples()
    {
        using var vcf = VcfReader.Open(Fixture);
        var h = vcf.Header;
        var python = Reference.Run("vcf_reference.py", Fixture);
        Assert.Equal(python.GetProperty("meta").EnumerateArray().Select(m => m.GetProperty("key").GetString()), h.Meta.Select(m => m.Key));
        Assert.Equal(python.GetProperty("samples").EnumerateArray().Select(s => s.GetString()), h.Samples);
        Assert.Equal("VCFv4.2", h.FileFormat);
        Assert.Equal(new VcfFieldDefinition("AF", new VcfNumber(VcfNumberKind.PerAlternate, 0), VcfType.Float, "Allele Frequency"), h.Info["AF"]);
        Assert.Equal(VcfType.Flag, h.Info["DB"].Type);
        Assert.Equal(VcfType.Character, h.Info["CQ"].Type);
        Assert.Equal("Annotations, \"gene|effect\", comma separated", h.Info["ANN"].Description);
        Assert.Equal(VcfNumberKind.Unbounded, h.Info["ANN"].Number.Kind);
        Assert.Equal(new VcfNumber(VcfNumberKind.Fixed, 2), h.Format["HQ"].Number);
        Assert.Equal(VcfNumberKind.PerGenotype, h.Format["PL"].Number.Kind);
        Assert.Equal(VcfNumberKind.PerAllele, h.Format["AD"].Number.Kind);
        Assert.Equal("Quality below 10", h.Filters["q10"]);
        Assert.Equal([new VcfContig("chr1", 248956422), new VcfContig("chr17", 83257441), new VcfContig("chrX", 156040895)], h.Contigs);
        Assert.Equal(["file:///refs/GRCh38.fa"], h["reference"]);
        var pipeline = h.Meta.Single(m => m.Key == "pipeline");
        Assert.Equal("Somatic caller, tumour vs normal", pipeline.Fields!["Description"]);
        Assert.Equal("2.1", pipeline.Fields!["Version"]);
        Assert.Null(h.Meta.Single(m => m.Key == "phasing").Fields);
    }

    [Fact]
    public void Typed_values_and_genotypes_read_as_declared()
    {
        var records = ReadAll(Fixture);
        var first = records[0];
        Assert.Equal(14, first.Info["DP"]);
        Assert.Equal(new double?[] { 0.5 }, first.Info["AF"]);
        Assert.Equal('M', first.Info["CQ"]);
        Assert.True(first.HasFlag("DB"));
        Assert.False(records[1].HasFlag("DB"));
        Assert.True(first.Passed);
        Assert.Equal(48, first.Sample("NA00002")["GQ"]);
        Assert.Equal("1|0", first.Sample("NA00002").Genotype!.ToString());
        Assert.True(first.Sample("NA00002").Genotype!.IsHeterozygous);
        Assert.False(first.Samples[2].Genotype!.IsPhased);
        Assert.Equal(new int?[] { null, null }, first.Samples[2]["HQ"]);
        var multi = records[2];
        Assert.Equal(["rs6040355", "rs6040356"], multi.Ids);
        Assert.Equal(new int?[] { 300, 200, 150, 100, 0, 250 }, multi.Samples[0]["PL"]);
        var missing = records[3];
        Assert.Null(missing.Quality);
        Assert.Null(missing.Info["AF"]);
        Assert.Equal(["q10", "s50"], missing.Filters);
        Assert.Equal(new double?[] { 60.5, -0.01 }, missing.Info["MQ2"]);
        Assert.True(missing.Samples[2].Genotype!.IsMissing);
        var haploid = records[5];
        Assert.Equal(1, haploid.Samples[0].Genotype!.Ploidy);
        Assert.Equal(new int?[] { 100, 0 }, haploid.Samples[0]["PL"]);
        Assert.Null(haploid.Samples[2].Genotype);
        Assert.Equal("lowGQ", haploid.Samples[2]["FT"]);
        Assert.Empty(records[6].Alternates);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Gzip_and_bgzip_read_every_member(int members)
    {
        var gz = Reference.TempFile("calls.vcf.bgz");
        Reference.Gzip(Fixture, gz, members);
        // Python's gzip module reads every member too, so both parse the same whole file.
        var python = Reference.Run("vcf_reference.py", gz);
        Assert.Equal(7, python.GetProperty("records").GetArrayLength());
        AssertSameAsPython(ReadAll(gz), python);
    }

    [Fact]
    public async Task Async_streaming_gives_the_same_records()
    {
        using var vcf = VcfReader.Open(Fixture);
        var positions = new List<long>();
        await foreach (var r in vcf.RecordsAsync()) positions.Add(r.Position);
        Assert.Equal(ReadAll(Fixture).Select(r => r.Position), positions);
    }

    private static readonly string[] Lines = File.ReadAllLines(Reference.Fixture("multisample.vcf"));
    private static readonly int HeaderLines = Lines.Count(l => l.StartsWith('#'));

    private static string WithColumn(int record, int column, string value)
    {
        var fields = Lines[HeaderLines + record].Split('\t');
        fields[column] = value;
        return string.Join('\t', fields);
    }

    private static string WriteVcf(params string[] data)
    {
        var path = Reference.TempFile("bad.vcf");
        File.WriteAllLines(path, Lines.Take(HeaderLines).Concat(data));
        return path;
    }

    public static TheoryData<string, string> BadLines() => new()
    {
        { WithColumn(0, 1, "14x70"), "POS is not an integer: '14x70'" },
        { string.Join('\t', Lines[HeaderLines].Split('\t').Take(10)), "expected 12 tab-separated columns, found 10" },
        { WithColumn(0, 7, "DP=many"), "INFO DP is not an Integer: 'many'" },
        { WithColumn(0, 7, "DP=14;AF=0.5,0.2"), "INFO AF has 2 value(s) but Number=A means 1 here" },
        { WithColumn(0, 7, "DB=1"), "INFO DB is a Flag but has a value" },
        { WithColumn(0, 7, "DP"), "INFO DP is declared Integer but has no value" },
        { WithColumn(0, 7, "CQ=MM"), "INFO CQ is not a Character: 'MM'" },
        { WithColumn(0, 9, "0|3:48:1:51,51:1,0:0,30,300"), "sample NA00001: GT '0|3' names allele 3 but the site has 1 alternate allele(s)" },
        { WithColumn(0, 9, "0|0:48:1:51,51:1,0:0,30"), "sample NA00001 PL has 2 value(s) but Number=G means 3 here" },
        { WithColumn(0, 9, "0|0:48:1:51,51:1,0:0,30,300:x"), "sample NA00001 has 7 fields but FORMAT lists 6" },
        { WithColumn(0, 5, "high"), "QUAL is not a number: 'high'" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void A_malformed_line_fails_with_file_and_line(string bad, string reason)
    {
        var path = WriteVcf(Lines[HeaderLines], bad);
        var e = Assert.Throws<GenomicsFormatException>(() => ReadAll(path));
        Assert.Equal($"bad.vcf:{HeaderLines + 2}: {reason}", e.Message);
    }

    [Fact]
    public void Skip_leaves_malformed_lines_out_and_lists_them()
    {
        var path = WriteVcf(Lines[HeaderLines], WithColumn(1, 1, "x"), Lines[HeaderLines + 2], WithColumn(3, 7, "DP=1.5"));
        using var vcf = VcfReader.Open(path, new VcfReadOptions { OnError = BadLine.Skip });
        Assert.Equal(2, vcf.Records().Count());
        Assert.Equal([HeaderLines + 2L, HeaderLines + 4L], vcf.Skipped.Select(s => s.Line));
        Assert.Contains("INFO DP is not an Integer: '1.5'", vcf.Skipped[1].Reason);
    }

    [Theory]
    [InlineData("##fileformat=VCFv3.3", 1, "the first line must be ##fileformat=VCFv4.x")]
    [InlineData("##INFO=<ID=DP,Number=1,Type=Number,Description=\"x\">", 2, "##INFO DP: Type must be Integer, Float, Flag, Character or String, not 'Number'")]
    [InlineData("##INFO=<ID=DP,Number=Z,Type=Integer,Description=\"x\">", 2, "##INFO DP: Number must be an integer, A, R, G or '.', not 'Z'")]
    [InlineData("##INFO=<ID=DP,Type=Integer,Description=\"x\">", 2, "##INFO lacks Number")]
    [InlineData("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"x>", 2, "##INFO: the value of Description has no closing quote")]
    [InlineData("##FORMAT=<ID=FL,Number=0,Type=Flag,Description=\"x\">", 2, "FORMAT FL cannot be a Flag")]
    [InlineData("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER", 2, "header column 8 must be INFO, not ''")]
    public void A_bad_header_fails_with_file_and_line(string line, int number, string reason)
    {
        var path = Reference.TempFile("header.vcf");
        File.WriteAllLines(path, line.StartsWith("##fileformat", StringComparison.Ordinal) ? [line] : ["##fileformat=VCFv4.2", line, Lines[HeaderLines - 1]]);
        var e = Assert.Throws<GenomicsFormatException>(() => VcfReader.Open(path));
        Assert.StartsWith($"header.vcf:{number}: {reason}", e.Message);
    }

    [Theory]
    [InlineData("0/1", 1, new[] { 0, 1 }, false, "0/1")]
    [InlineData("1|0", 1, new[] { 1, 0 }, true, "1|0")]
    [InlineData("2", 2, new[] { 2 }, false, "2")]
    [InlineData("0/1/2", 2, new[] { 0, 1, 2 }, false, "0/1/2")]
    [InlineData("0|1/1", 1, new[] { 0, 1, 1 }, false, "0/1/1")]
    [InlineData("|1", 1, new[] { 1 }, true, "|1")]
    [InlineData("/0|1", 1, new[] { 0, 1 }, false, "0/1")]
    [InlineData("|0|1", 1, new[] { 0, 1 }, true, "0|1")]
    public void Genotypes_parse_alleles_and_phasing(string text, int alternates, int[] alleles, bool phased, string shown)
    {
        var gt = Genotype.Parse(text, alternates);
        Assert.Equal(alleles.Select(a => (int?)a), gt.Alleles);
        Assert.Equal(phased, gt.IsPhased);
        Assert.Equal(alleles.Length, gt.Ploidy);
        Assert.Equal(shown, gt.ToString());
    }

    [Fact]
    public void A_missing_allele_is_null_and_a_bad_genotype_says_so()
    {
        var gt = Genotype.Parse(".|1", 1);
        Assert.Equal(new int?[] { null, 1 }, gt.Alleles);
        Assert.False(gt.IsMissing);
        Assert.True(gt.HasAlternate);
        Assert.True(Genotype.Parse("./.", 1).IsMissing);
        Assert.Contains("is not a genotype", Assert.Throws<FormatException>(() => Genotype.Parse("0/x", 1)).Message);
        Assert.Contains("is not a genotype", Assert.Throws<FormatException>(() => Genotype.Parse("0//1", 1)).Message);
        Assert.Contains("is not a genotype", Assert.Throws<FormatException>(() => Genotype.Parse("", 1)).Message);
    }
}

/// <summary>Real bgzip output (htslib's <c>bgzip</c>, Debian package tabix) and truncated compressed files.</summary>
public sealed class CompressedInputTests
{
    private const string Bgzip = "/usr/bin/bgzip";

    /// <summary>The fixture's records repeated at increasing positions, so the file spans several 64 KB BGZF blocks.</summary>
    private static string LargeVcf(int copies)
    {
        var lines = File.ReadAllLines(Reference.Fixture("multisample.vcf"));
        var header = lines.Where(l => l.StartsWith('#'));
        var data = lines.Where(l => !l.StartsWith('#')).ToList();
        var path = Reference.TempFile("large.vcf");
        File.WriteAllLines(path, header.Concat(Enumerable.Range(0, copies).SelectMany(k => data.Select(l =>
        {
            var f = l.Split('\t');
            f[1] = (long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture) + k * 10_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return string.Join('\t', f);
        }))));
        return path;
    }

    private static string RunBgzip(string path)
    {
        Assert.True(File.Exists(Bgzip), $"{Bgzip} is missing: test.sh installs the Debian package tabix");
        using var process = System.Diagnostics.Process.Start(Bgzip, ["-f", path])!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path + ".gz";
    }

    private static int Count(string path)
    {
        using var vcf = VcfReader.Open(path);
        return vcf.Records().Count();
    }

    [Fact]
    public void Every_block_of_a_real_bgzip_file_is_read()
    {
        var plain = LargeVcf(2000);
        var expected = Count(plain);
        var gz = RunBgzip(plain);
        Assert.True(new FileInfo(gz).Length > 3 * 65536 / 8, "the bgzip file should span several blocks");
        var python = Reference.Run("vcf_reference.py", gz);
        Assert.Equal(14_000, expected);
        Assert.Equal(expected, python.GetProperty("records").GetArrayLength());
        Assert.Equal(expected, Count(gz));
    }

    [Fact]
    public void A_bgzip_file_without_its_end_of_file_block_is_reported_truncated()
    {
        var gz = RunBgzip(LargeVcf(300));
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..^28]);
        var e = Assert.Throws<GenomicsFormatException>(() => Count(gz));
        Assert.Equal("large.vcf.gz", e.File);
        Assert.Contains("bgzip end-of-file block is missing", e.Reason);
    }

    [Fact]
    public void Gzip_cut_in_the_middle_of_a_line_is_reported_truncated()
    {
        var plain = LargeVcf(300);
        var gz = Reference.TempFile("cut.vcf.gz");
        Reference.Gzip(plain, gz);
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(bytes.Length * 2 / 3)]);
        var options = new VcfReadOptions { OnError = BadLine.Skip };
        using var vcf = VcfReader.Open(gz, options);
        var e = Assert.Throws<GenomicsFormatException>(() => vcf.Records().Count());
        Assert.Contains("the file is truncated", e.Reason);
        Assert.True(e.Line > 30, e.Message);
    }
}
