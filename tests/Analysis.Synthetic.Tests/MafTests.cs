using Analysis.Synthetic;

namespace Analysis.Synthetic.Tests;

[Collection("cohort")]
public sealed class MafTests(CohortFixture cohort)
{
    private readonly SiteFolder _folder = cohort.Folder;

    private (string[] Header, List<Dictionary<string, string>> Rows) Read()
    {
        var lines = File.ReadAllLines(Path.Combine(_folder.Directory, "mutations.maf"));
        Assert.Equal("#version gdc-1.0.0", lines[0]);
        var header = lines[1].Split('\t');
        var rows = lines.Skip(2).Select(l =>
        {
            var cells = l.Split('\t');
            Assert.Equal(header.Length, cells.Length);
            return header.Zip(cells).ToDictionary(x => x.First, x => x.Second);
        }).ToList();
        return (header, rows);
    }

    [Fact]
    public void Has_the_GDC_header_and_required_columns()
    {
        var (header, rows) = Read();
        string[] required =
        [
            "Hugo_Symbol", "Chromosome", "Start_Position", "End_Position", "Variant_Classification", "Variant_Type",
            "Reference_Allele", "Tumor_Seq_Allele2", "Tumor_Sample_Barcode", "HGVSp_Short", "t_alt_count", "t_ref_count",
        ];
        Assert.All(required, c => Assert.Contains(c, header));
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Matches("^chr([0-9]+|X|Y)$", r["Chromosome"]);
            Assert.True(long.Parse(r["End_Position"]) >= long.Parse(r["Start_Position"]));
            Assert.Equal(int.Parse(r["t_depth"]), int.Parse(r["t_ref_count"]) + int.Parse(r["t_alt_count"]));
            Assert.StartsWith("p.", r["HGVSp_Short"]);
        });
    }

    [Fact]
    public void Tumor_sample_barcodes_are_patient_ids()
    {
        var (_, rows) = Read();
        Assert.All(rows, r => Assert.True(_folder.Patients.ContainsKey(r["Tumor_Sample_Barcode"]), r["Tumor_Sample_Barcode"]));
    }

    [Fact]
    public void Driver_rows_agree_with_gene_status_observations()
    {
        var (_, rows) = Read();
        var drivers = rows.Where(r => r["Hugo_Symbol"] is "KRAS" or "EGFR" or "TP53" or "PIK3CA")
            .GroupBy(r => (r["Tumor_Sample_Barcode"], r["Hugo_Symbol"])).ToDictionary(g => g.Key, g => g.Count());
        foreach (var p in _folder.Patients.Values)
        {
            foreach (var (gene, present) in p.Genes)
            {
                Assert.Equal(present ? 1 : 0, drivers.GetValueOrDefault((p.Id, gene)));
            }
        }
    }

    [Fact]
    public void Hotspots_sit_at_their_GRCh38_positions()
    {
        var (_, rows) = Read();
        var seen = rows.Where(r => r["Hugo_Symbol"] is "KRAS" or "EGFR" or "TP53" or "PIK3CA")
            .Select(r => (r["Hugo_Symbol"], r["HGVSp_Short"], r["Chromosome"], long.Parse(r["Start_Position"]), r["Reference_Allele"], r["Tumor_Seq_Allele2"]))
            .ToHashSet();
        // Spot checks against positions quoted by COSMIC/ClinVar for GRCh38.
        Assert.Contains(("KRAS", "p.G12D", "chr12", 25245350L, "C", "T"), seen);
        Assert.Contains(("EGFR", "p.L858R", "chr7", 55191822L, "T", "G"), seen);
        Assert.Contains(("PIK3CA", "p.E545K", "chr3", 179218303L, "G", "A"), seen);
        Assert.Contains(("PIK3CA", "p.H1047R", "chr3", 179234297L, "A", "G"), seen);
        Assert.Contains(("TP53", "p.R175H", "chr17", 7675088L, "C", "T"), seen);
        Assert.Contains(("TP53", "p.R273H", "chr17", 7673802L, "C", "T"), seen);
        Assert.All(seen.Where(s => s.Item1 == "KRAS"), s => Assert.Equal("chr12", s.Item3));
    }

    [Fact]
    public void Mutation_burden_varies_and_is_highest_in_lung()
    {
        var (_, rows) = Read();
        var perPatient = rows.GroupBy(r => r["Tumor_Sample_Barcode"]).ToDictionary(g => g.Key, g => g.Count());
        double Mean(string cancer) => _folder.Patients.Values.Where(p => p.Cancer == cancer).Average(p => perPatient.GetValueOrDefault(p.Id));
        Assert.True(Mean("lung") > Mean("colorectal") && Mean("colorectal") > Mean("breast"));
        var lung = _folder.Patients.Values.Where(p => p.Cancer == "lung").Select(p => (double)perPatient.GetValueOrDefault(p.Id)).ToList();
        var mean = lung.Average();
        var variance = lung.Sum(x => (x - mean) * (x - mean)) / (lung.Count - 1);
        // Overdispersed relative to a Poisson count, as real tumour mutation burden is.
        Assert.True(variance > 1.5 * mean, $"variance {variance:F1}, mean {mean:F1}");
    }
}
