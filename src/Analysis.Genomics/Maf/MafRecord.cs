namespace Analysis.Genomics.Maf;

/// <summary>
/// One variant row of a GDC/TCGA MAF. The standard columns are typed properties (null when the column is absent or
/// the field empty); every other column is kept, as text, in <see cref="Extra"/> by its header name.
/// </summary>
public sealed class MafRecord
{
    /// <summary>HUGO gene symbol (<c>Hugo_Symbol</c>), e.g. <c>KRAS</c>; <c>Unknown</c> in GDC files for intergenic variants.</summary>
    public required string HugoSymbol { get; init; }

    /// <summary>Entrez gene id (<c>Entrez_Gene_Id</c>); 0 in GDC files when unknown.</summary>
    public long? EntrezGeneId { get; init; }

    /// <summary>Sequencing centre(s) (<c>Center</c>).</summary>
    public string? Center { get; init; }

    /// <summary>Reference genome build (<c>NCBI_Build</c>), e.g. <c>GRCh38</c>.</summary>
    public string? NcbiBuild { get; init; }

    /// <summary>Chromosome (<c>Chromosome</c>), as written (<c>chr12</c> in GDC files, <c>12</c> in older TCGA ones).</summary>
    public required string Chromosome { get; init; }

    /// <summary>1-based first position of the variant (<c>Start_Position</c>).</summary>
    public required long StartPosition { get; init; }

    /// <summary>1-based last position of the variant (<c>End_Position</c>).</summary>
    public required long EndPosition { get; init; }

    /// <summary>Genomic strand (<c>Strand</c>), <c>+</c> in GDC files.</summary>
    public string? Strand { get; init; }

    /// <summary>Effect class (<c>Variant_Classification</c>), e.g. <c>Missense_Mutation</c>; see <see cref="Mutations.VariantClassifications"/>.</summary>
    public required string VariantClassification { get; init; }

    /// <summary><c>SNP</c>, <c>DNP</c>, <c>TNP</c>, <c>ONP</c>, <c>INS</c> or <c>DEL</c> (<c>Variant_Type</c>).</summary>
    public required string VariantType { get; init; }

    /// <summary>Reference allele (<c>Reference_Allele</c>); <c>-</c> for an insertion.</summary>
    public required string ReferenceAllele { get; init; }

    /// <summary>First tumour allele (<c>Tumor_Seq_Allele1</c>), usually the reference.</summary>
    public string? TumorSeqAllele1 { get; init; }

    /// <summary>Second tumour allele (<c>Tumor_Seq_Allele2</c>): the alternate allele; <c>-</c> for a deletion.</summary>
    public required string TumorSeqAllele2 { get; init; }

    /// <summary>dbSNP identifier(s) (<c>dbSNP_RS</c>).</summary>
    public string? DbSnpRs { get; init; }

    /// <summary>Tumour sample barcode (<c>Tumor_Sample_Barcode</c>), e.g. <c>TCGA-02-0001-01A-01D-0182-01</c>.</summary>
    public required string TumorSampleBarcode { get; init; }

    /// <summary>Matched normal sample barcode (<c>Matched_Norm_Sample_Barcode</c>).</summary>
    public string? MatchedNormSampleBarcode { get; init; }

    /// <summary>Coding DNA change (<c>HGVSc</c>), e.g. <c>c.35G&gt;A</c>.</summary>
    public string? HgvsC { get; init; }

    /// <summary>Protein change, three-letter (<c>HGVSp</c>), e.g. <c>p.Gly12Asp</c>.</summary>
    public string? HgvsP { get; init; }

    /// <summary>Protein change, one-letter (<c>HGVSp_Short</c>), e.g. <c>p.G12D</c>.</summary>
    public string? HgvsPShort { get; init; }

    /// <summary>Transcript the effect is annotated on (<c>Transcript_ID</c>).</summary>
    public string? TranscriptId { get; init; }

    /// <summary>Tumour read depth (<c>t_depth</c>).</summary>
    public long? TDepth { get; init; }

    /// <summary>Tumour reads with the reference allele (<c>t_ref_count</c>).</summary>
    public long? TRefCount { get; init; }

    /// <summary>Tumour reads with the alternate allele (<c>t_alt_count</c>).</summary>
    public long? TAltCount { get; init; }

    /// <summary>Normal read depth (<c>n_depth</c>).</summary>
    public long? NDepth { get; init; }

    /// <summary>Normal reads with the reference allele (<c>n_ref_count</c>).</summary>
    public long? NRefCount { get; init; }

    /// <summary>Normal reads with the alternate allele (<c>n_alt_count</c>).</summary>
    public long? NAltCount { get; init; }

    /// <summary>Every column not typed above, by header name, as written (empty fields as empty strings).</summary>
    public required IReadOnlyDictionary<string, string> Extra { get; init; }

    /// <summary>Tumour variant allele fraction, <c>t_alt_count / t_depth</c>; null without both.</summary>
    public double? TumorVaf => TAltCount is { } alt && TDepth is { } depth and > 0 ? (double)alt / depth : null;

    /// <inheritdoc />
    public override string ToString() =>
        $"{TumorSampleBarcode} {HugoSymbol} {Chromosome}:{StartPosition} {ReferenceAllele}>{TumorSeqAllele2} {VariantClassification}{(HgvsPShort is null ? "" : " " + HgvsPShort)}";
}
