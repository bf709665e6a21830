using Analysis.Genomics.Maf;
using Analysis.Genomics.Mutations;
using Analysis.Synthetic;

namespace Analysis.Genomics.Tests;

/// <summary>A synthetic site's MAF, as <c>analysis synth</c> writes it, shared by the tests of a class.</summary>
public sealed class SyntheticMaf
{
    public SyntheticMaf()
    {
        var dir = System.IO.Path.GetDirectoryName(Reference.TempFile("x"))!;
        SiteDataWriter.Write(new GeneratorOptions { Site = "oslo", Patients = 400, Seed = 11 }, dir);
        Path = System.IO.Path.Combine(dir, SiteDataWriter.MafFile);
    }

    public string Path { get; }
}

public sealed class MutationMatrixTests(SyntheticMaf synthetic) : IClassFixture<SyntheticMaf>
{
    private const double ExomeMb = 38;

    [Fact]
    public void A_synthetic_maf_reads_as_pandas_does()
    {
        var maf = MafReader.ReadAll(synthetic.Path);
        var pandas = Reference.Run("maf_reference.py", synthetic.Path, "38");
        var rows = pandas.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, maf.Records.Count);
        Assert.True(maf.Records.Count > 500, $"only {maf.Records.Count} variants");
        for (var i = 0; i < rows.Count; i++)
            foreach (var column in maf.Header.Columns)
                Assert.Equal(rows[i].GetProperty(column).GetString(), MafReaderTests.Text(maf.Records[i], column));
    }

    [Theory]
    [InlineData("synthetic")]
    [InlineData("gdc-sample.maf")]
    public void Gene_frequencies_and_tmb_match_pandas(string file)
    {
        var path = file == "synthetic" ? synthetic.Path : Reference.Fixture(file);
        var matrix = MutationMatrix.From(MafReader.ReadAll(path).Records);
        var pandas = Reference.Run("maf_reference.py", path, ExomeMb.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(pandas.GetProperty("samples").EnumerateArray().Select(s => s.GetString()), matrix.Samples);
        var expected = pandas.GetProperty("frequencies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var frequencies = matrix.Frequencies();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), frequencies.Select(f => f.Gene).Order(StringComparer.Ordinal));
        foreach (var f in frequencies)
        {
            Assert.Equal(expected[f.Gene].GetProperty("mutated").GetInt32(), f.MutatedSamples);
            Assert.Equal(expected[f.Gene].GetProperty("variants").GetInt32(), f.Variants);
            Assert.Equal(expected[f.Gene].GetProperty("frequency").GetDouble(), f.Frequency, 12);
        }
        var tmb = pandas.GetProperty("tmb");
        foreach (var t in matrix.Tmb(ExomeMb))
        {
            Assert.Equal(tmb.GetProperty(t.Sample).GetProperty("variants").GetInt32(), t.Variants);
            Assert.Equal(tmb.GetProperty(t.Sample).GetProperty("perMb").GetDouble(), t.PerMb, 12);
        }
        if (file == "synthetic") Assert.Contains(matrix.Tmb(ExomeMb), t => t.Variants == 0);
    }

    [Fact]
    public void The_oncoplot_orders_genes_and_samples_as_maftools()
    {
        var matrix = MutationMatrix.From(MafReader.ReadAll(synthetic.Path).Records);
        var pandas = Reference.Run("maf_reference.py", synthetic.Path, "38", "infer", "6").GetProperty("oncoplot");
        var plot = matrix.Oncoplot(top: 6);
        Assert.Equal(pandas.GetProperty("genes").EnumerateArray().Select(g => g.GetString()), plot.Genes);
        Assert.Equal(pandas.GetProperty("samples").EnumerateArray().Select(s => s.GetString()), plot.Samples);
        Assert.Equal(plot.Genes.Count, plot.Cells.Count);
        Assert.All(plot.Cells, row => Assert.Equal(plot.Samples.Count, row.Count));
        var cells = pandas.GetProperty("cells");
        foreach (var gene in plot.Genes)
            foreach (var sample in plot.Samples)
                Assert.Equal(cells.GetProperty(gene).GetProperty(sample).GetString(), plot[gene, sample] ?? "");
        // The data holds the case the rule is about: a gene hit twice in a sample with one classification is a Multi_Hit.
        Assert.Contains(plot.Genes, g => plot.Samples.Any(s => plot[g, s] == VariantClassifications.MultiHit && matrix[g, s].Distinct().Count() == 1));
        Assert.True(matrix.Oncoplot(top: 6, includeNonMutated: true).Samples.Count == matrix.Samples.Count);
    }

    [Fact]
    public void Cells_hold_classifications_and_multiple_kinds_are_a_multi_hit()
    {
        var maf = MafReader.ReadAll(Reference.Fixture("gdc-sample.maf"));
        var matrix = MutationMatrix.From(maf.Records);
        const string sampleB = "TCGA-A1-A0SD-01A-11D-A10Y-09", sampleD = "TCGA-BH-A0B3-01A-11D-A10Y-09";
        Assert.Equal(["Missense_Mutation", "Nonsense_Mutation"], matrix["TP53", "TCGA-A1-A0SB-01A-11D-A142-09"]);
        Assert.Equal(2, matrix.Count("PIK3CA", sampleB) + matrix.Count("PIK3CA", sampleD));
        Assert.Empty(matrix["TTN", sampleB]);
        Assert.DoesNotContain("TTN", matrix.Genes);
        Assert.DoesNotContain("Unknown", matrix.Genes);
        Assert.Equal(4, matrix.Samples.Count);
        var plot = matrix.Oncoplot(top: 2);
        Assert.Equal(["TP53", "PIK3CA"], plot.Genes);
        Assert.Equal(VariantClassifications.MultiHit, plot["TP53", "TCGA-A1-A0SB-01A-11D-A142-09"]);
        Assert.Equal("In_Frame_Del", plot["TP53", sampleD]);
        Assert.Null(plot["TP53", sampleB]);
        // TP53 and PIK3CA first, then TP53 alone, then PIK3CA alone; alphabetical within each pattern.
        Assert.Equal(["TCGA-A1-A0SB-01A-11D-A142-09", "TCGA-BH-A0B3-01A-11D-A10Y-09", "TCGA-A2-A04P-01A-31D-A128-09", sampleB], plot.Samples);
        var all = MutationMatrix.From(maf.Records, new MutationMatrixOptions { Classifications = new HashSet<string> { "Silent", "Intron" } });
        Assert.Equal(["KMT2C", "TTN"], all.Genes);
        var cohort = MutationMatrix.From(maf.Records, new MutationMatrixOptions { Samples = [sampleB, "TCGA-NOT-SEQUENCED"] });
        Assert.Equal(0.5, cohort.Frequencies().Single(f => f.Gene == "PIK3CA").Frequency);
        var counts = matrix.ToCountFrame();
        Assert.Equal(matrix.Genes, counts.RowKeys);
        Assert.Equal(matrix.Samples, counts.ColumnKeys);
        Assert.Equal(2, counts.GetColumn<int>("TCGA-A1-A0SB-01A-11D-A142-09")["TP53"]);
        Assert.Equal(0, counts.GetColumn<int>(sampleB)["TP53"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Tmb(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Oncoplot(0));
    }
}
