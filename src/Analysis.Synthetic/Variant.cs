namespace Analysis.Synthetic;

/// <summary>One somatic variant as a MAF row needs it (alleles on the + strand, GRCh38).</summary>
/// <param name="Gene">HUGO symbol.</param>
/// <param name="Chromosome">"chr12" style, as GDC MAFs write it.</param>
/// <param name="Start">1-based first reference position.</param>
/// <param name="End">1-based last reference position.</param>
/// <param name="Classification">MAF Variant_Classification.</param>
/// <param name="Type">MAF Variant_Type: SNP or DEL.</param>
/// <param name="Reference">Reference allele.</param>
/// <param name="Alternate">Tumour allele ("-" for a deletion).</param>
/// <param name="HgvsC">Coding change, e.g. c.35G&gt;A.</param>
/// <param name="HgvsP">Short protein change, e.g. p.G12D.</param>
/// <param name="RefCount">Reads supporting the reference.</param>
/// <param name="AltCount">Reads supporting the variant.</param>
public sealed record Variant(
    string Gene, string Chromosome, long Start, long End, string Classification, string Type,
    string Reference, string Alternate, string HgvsC, string HgvsP, int RefCount, int AltCount);

/// <summary>A recurrent driver mutation and how often it is the one seen, per cancer.</summary>
/// <param name="Gene">The gene.</param>
/// <param name="Chromosome">GRCh38 chromosome.</param>
/// <param name="Start">GRCh38 1-based start.</param>
/// <param name="Reference">+ strand reference allele(s).</param>
/// <param name="Alternate">+ strand alternate allele, "-" for deletions.</param>
/// <param name="HgvsC">Coding change.</param>
/// <param name="HgvsP">Protein change.</param>
/// <param name="Classification">MAF Variant_Classification.</param>
/// <param name="Breast">Relative weight among this gene's hotspots in breast cancer.</param>
/// <param name="Colorectal">Relative weight in colorectal cancer.</param>
/// <param name="Lung">Relative weight in lung cancer.</param>
public sealed record Hotspot(
    MarkerGene Gene, string Chromosome, long Start, string Reference, string Alternate, string HgvsC, string HgvsP,
    string Classification, double Breast, double Colorectal, double Lung)
{
    /// <summary>Relative weight of this hotspot for <paramref name="cancer"/>.</summary>
    public double Weight(CancerType cancer) => cancer switch
    {
        CancerType.Breast => Breast,
        CancerType.Colorectal => Colorectal,
        _ => Lung,
    };
}

/// <summary>A gene that only ever gets passenger mutations, with its GRCh38 span.</summary>
/// <param name="Symbol">HUGO symbol.</param>
/// <param name="Chromosome">"chrN".</param>
/// <param name="Start">Approximate GRCh38 gene start.</param>
/// <param name="End">Approximate GRCh38 gene end.</param>
public sealed record PassengerGene(string Symbol, string Chromosome, long Start, long End);
