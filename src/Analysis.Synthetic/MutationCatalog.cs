namespace Analysis.Synthetic;

/// <summary>Hotspot and passenger definitions, and the drawing of a tumour's variants.</summary>
/// <remarks>
/// Hotspot coordinates are GRCh38. Each was derived by lifting the well-known GRCh37 position with
/// its locus's constant offset (KRAS −152,934; EGFR −67,693; PIK3CA +282,212; TP53 +96,682), and the
/// following were then corroborated against several independent public sources (ClinVar/VRS test
/// fixtures, annotation-tool examples): KRAS G12D/G12V chr12:25245350 C&gt;T/C&gt;A, EGFR L858R
/// 55191822 T&gt;G, T790M 55181378 C&gt;T, E746_A750del at 55174772 (GGAATTAAGAGAAGC), PIK3CA E545K
/// 179218303 G&gt;A, E542K 179218294 G&gt;A, H1047R 179234297 A&gt;G, TP53 R175H 7675088 C&gt;T, R273H
/// 7673802 C&gt;T. Less certain (offset arithmetic only): KRAS G12C 25245351, G13D 25245347, Q61H
/// 25227341; TP53 R273C 7673803, R248Q 7674220, R248W 7674221, R282W 7673776. KRAS and TP53 lie on
/// the minus strand, so their + strand alleles are the complement of the coding change. Passenger
/// gene spans are approximate and passenger reference bases are random, not the genome's:
/// passengers exist to make tumour mutation burden vary, not for annotation.
/// </remarks>
public static class MutationCatalog
{
    /// <summary>Driver hotspots. Weights are relative within a gene and cancer.</summary>
    public static IReadOnlyList<Hotspot> Hotspots { get; } =
    [
        new(MarkerGene.KRAS, "chr12", 25245350, "C", "T", "c.35G>A", "p.G12D", "Missense_Mutation", 1, 35, 17),
        new(MarkerGene.KRAS, "chr12", 25245350, "C", "A", "c.35G>T", "p.G12V", "Missense_Mutation", 1, 22, 21),
        new(MarkerGene.KRAS, "chr12", 25245351, "C", "A", "c.34G>T", "p.G12C", "Missense_Mutation", 1, 8, 41),
        new(MarkerGene.KRAS, "chr12", 25245347, "C", "T", "c.38G>A", "p.G13D", "Missense_Mutation", 1, 20, 4),
        new(MarkerGene.KRAS, "chr12", 25227341, "T", "G", "c.183A>C", "p.Q61H", "Missense_Mutation", 1, 5, 6),
        new(MarkerGene.EGFR, "chr7", 55191822, "T", "G", "c.2573T>G", "p.L858R", "Missense_Mutation", 1, 1, 40),
        new(MarkerGene.EGFR, "chr7", 55174772, "GGAATTAAGAGAAGC", "-", "c.2235_2249del", "p.E746_A750del", "In_Frame_Del", 1, 1, 48),
        new(MarkerGene.EGFR, "chr7", 55181378, "C", "T", "c.2369C>T", "p.T790M", "Missense_Mutation", 1, 1, 4),
        new(MarkerGene.PIK3CA, "chr3", 179218303, "G", "A", "c.1633G>A", "p.E545K", "Missense_Mutation", 25, 40, 40),
        new(MarkerGene.PIK3CA, "chr3", 179218294, "G", "A", "c.1624G>A", "p.E542K", "Missense_Mutation", 15, 25, 20),
        new(MarkerGene.PIK3CA, "chr3", 179234297, "A", "G", "c.3140A>G", "p.H1047R", "Missense_Mutation", 60, 35, 40),
        new(MarkerGene.TP53, "chr17", 7675088, "C", "T", "c.524G>A", "p.R175H", "Missense_Mutation", 30, 30, 20),
        new(MarkerGene.TP53, "chr17", 7673802, "C", "T", "c.818G>A", "p.R273H", "Missense_Mutation", 25, 25, 25),
        new(MarkerGene.TP53, "chr17", 7673803, "G", "A", "c.817C>T", "p.R273C", "Missense_Mutation", 15, 15, 20),
        new(MarkerGene.TP53, "chr17", 7674220, "C", "T", "c.743G>A", "p.R248Q", "Missense_Mutation", 15, 15, 15),
        new(MarkerGene.TP53, "chr17", 7674221, "G", "A", "c.742C>T", "p.R248W", "Missense_Mutation", 10, 10, 15),
        new(MarkerGene.TP53, "chr17", 7673776, "G", "A", "c.844C>T", "p.R282W", "Missense_Mutation", 5, 5, 5),
    ];

    /// <summary>Genes that receive random passenger mutations (never the four status genes, so the MAF and the Observations agree).</summary>
    public static IReadOnlyList<PassengerGene> Passengers { get; } =
    [
        new("TTN", "chr2", 178525989, 178830802),
        new("MUC16", "chr19", 8848844, 8981342),
        new("APC", "chr5", 112707498, 112846239),
        new("LRP1B", "chr2", 140231423, 142131016),
        new("CSMD3", "chr8", 112222928, 113436939),
        new("SYNE1", "chr6", 152121687, 152637801),
        new("KMT2C", "chr7", 152134922, 152436005),
        new("ARID1A", "chr1", 26693236, 26782104),
        new("FAT4", "chr4", 125316399, 125492932),
        new("SMAD4", "chr18", 51030213, 51085042),
        new("PTEN", "chr10", 87863113, 87971930),
        new("CDH1", "chr16", 68737292, 68835537),
        new("GATA3", "chr10", 8045378, 8075198),
        new("STK11", "chr19", 1177558, 1228431),
        new("NF1", "chr17", 31094927, 31382116),
        new("RB1", "chr13", 48303747, 48599436),
        new("FBXW7", "chr4", 152320544, 152536873),
        new("BRAF", "chr7", 140719327, 140924929),
    ];

    /// <summary>Mean passenger count per tumour: lung tumours carry the most mutations, breast the fewest.</summary>
    public static double MeanPassengers(CancerType cancer) => cancer switch
    {
        CancerType.Breast => 2,
        CancerType.Colorectal => 4,
        _ => 8,
    };

    private static readonly Dictionary<(int Cancer, int Gene), (Hotspot[] Hotspots, double[] Weights)> HotspotChoices =
        (from cancer in CancerTypes.All
         from gene in MarkerGenes.All
         let hs = Hotspots.Where(h => h.Gene == gene).ToArray()
         select (Key: ((int)cancer, (int)gene), Value: (hs, hs.Select(h => h.Weight(cancer)).ToArray())))
        .ToDictionary(x => x.Key, x => x.Value);

    private static readonly string[] Bases = ["A", "C", "G", "T"];
    private static readonly string[] AminoAcids = ["A", "R", "N", "D", "C", "Q", "E", "G", "H", "I", "L", "K", "M", "F", "P", "S", "T", "W", "Y", "V"];

    /// <summary>The variants of one tumour: one hotspot per mutated gene, then passengers.</summary>
    public static List<Variant> Draw(CancerType cancer, bool[] mutated, Xoshiro256 rng)
    {
        var variants = new List<Variant>();
        var purity = 0.3 + 0.6 * rng.NextDouble();
        foreach (var gene in MarkerGenes.All)
        {
            if (!mutated[(int)gene]) continue;
            var (candidates, weights) = HotspotChoices[((int)cancer, (int)gene)];
            var h = candidates[rng.Pick(weights)];
            var (refCount, altCount) = Reads(purity, rng);
            var end = h.Start + h.Reference.Length - 1;
            variants.Add(new Variant(h.Gene.ToString(), h.Chromosome, h.Start, end, h.Classification,
                h.Alternate == "-" ? "DEL" : "SNP", h.Reference, h.Alternate, h.HgvsC, h.HgvsP, refCount, altCount));
        }

        // A gamma-like spread of the per-tumour rate (lognormal here) gives the long right tail of
        // tumour mutation burden that a plain Poisson would not.
        var mean = MeanPassengers(cancer) * Math.Exp(0.8 * rng.NextGaussian() - 0.32);
        var count = rng.NextPoisson(mean);
        for (var i = 0; i < count; i++) variants.Add(Passenger(purity, rng));
        return variants;
    }

    private static Variant Passenger(double purity, Xoshiro256 rng)
    {
        var g = Passengers[rng.NextInt(0, Passengers.Count)];
        var position = g.Start + rng.NextInt(0, (int)(g.End - g.Start + 1));
        var refIndex = rng.NextInt(0, 4);
        var alt = Bases[(refIndex + rng.NextInt(1, 4)) % 4];
        var codon = rng.NextInt(1, 1500);
        var from = AminoAcids[rng.NextInt(0, AminoAcids.Length)];
        var kind = rng.NextDouble();
        var (classification, to) = kind < 0.7 ? ("Missense_Mutation", AminoAcids[rng.NextInt(0, AminoAcids.Length)])
            : kind < 0.9 ? ("Silent", from)
            : ("Nonsense_Mutation", "*");
        if (classification == "Missense_Mutation" && to == from) to = from == "A" ? "V" : "A";
        var cPos = codon * 3 - rng.NextInt(0, 3);
        var (refCount, altCount) = Reads(purity, rng);
        return new Variant(g.Symbol, g.Chromosome, position, position, classification, "SNP", Bases[refIndex], alt,
            $"c.{cPos}{Bases[refIndex]}>{alt}", $"p.{from}{codon}{to}", refCount, altCount);
    }

    private static (int Ref, int Alt) Reads(double purity, Xoshiro256 rng)
    {
        var depth = rng.NextInt(60, 400);
        // Heterozygous clonal variant: expected VAF = purity / 2, with binomial-ish noise.
        var vaf = Math.Clamp(purity / 2 + 0.05 * rng.NextGaussian(), 0.03, 0.95);
        var alt = Math.Max(3, (int)Math.Round(depth * vaf));
        return (depth - alt, alt);
    }
}
