namespace Analysis.Genomics.Maf;

/// <summary>How a typed MAF column is stored.</summary>
internal enum MafColumnType
{
    Text,
    Integer,
}

/// <summary>A standard MAF column: its header name, type, whether a MAF must have it, and how to read it off a record.</summary>
internal sealed record MafColumn(string Name, MafColumnType Type, bool Required, Func<MafRecord, string?>? Text = null, Func<MafRecord, long?>? Integer = null);

/// <summary>The standard GDC MAF columns that <see cref="MafRecord"/> types.</summary>
internal static class MafColumns
{
    /// <summary>The typed columns. The required ones are those maftools' <c>read.maf</c> requires.</summary>
    public static readonly IReadOnlyList<MafColumn> Known =
    [
        new("Hugo_Symbol", MafColumnType.Text, true, r => r.HugoSymbol),
        new("Entrez_Gene_Id", MafColumnType.Integer, false, Integer: r => r.EntrezGeneId),
        new("Center", MafColumnType.Text, false, r => r.Center),
        new("NCBI_Build", MafColumnType.Text, false, r => r.NcbiBuild),
        new("Chromosome", MafColumnType.Text, true, r => r.Chromosome),
        new("Start_Position", MafColumnType.Integer, true, Integer: r => r.StartPosition),
        new("End_Position", MafColumnType.Integer, true, Integer: r => r.EndPosition),
        new("Strand", MafColumnType.Text, false, r => r.Strand),
        new("Variant_Classification", MafColumnType.Text, true, r => r.VariantClassification),
        new("Variant_Type", MafColumnType.Text, true, r => r.VariantType),
        new("Reference_Allele", MafColumnType.Text, true, r => r.ReferenceAllele),
        new("Tumor_Seq_Allele1", MafColumnType.Text, false, r => r.TumorSeqAllele1),
        new("Tumor_Seq_Allele2", MafColumnType.Text, true, r => r.TumorSeqAllele2),
        new("dbSNP_RS", MafColumnType.Text, false, r => r.DbSnpRs),
        new("Tumor_Sample_Barcode", MafColumnType.Text, true, r => r.TumorSampleBarcode),
        new("Matched_Norm_Sample_Barcode", MafColumnType.Text, false, r => r.MatchedNormSampleBarcode),
        new("HGVSc", MafColumnType.Text, false, r => r.HgvsC),
        new("HGVSp", MafColumnType.Text, false, r => r.HgvsP),
        new("HGVSp_Short", MafColumnType.Text, false, r => r.HgvsPShort),
        new("Transcript_ID", MafColumnType.Text, false, r => r.TranscriptId),
        new("t_depth", MafColumnType.Integer, false, Integer: r => r.TDepth),
        new("t_ref_count", MafColumnType.Integer, false, Integer: r => r.TRefCount),
        new("t_alt_count", MafColumnType.Integer, false, Integer: r => r.TAltCount),
        new("n_depth", MafColumnType.Integer, false, Integer: r => r.NDepth),
        new("n_ref_count", MafColumnType.Integer, false, Integer: r => r.NRefCount),
        new("n_alt_count", MafColumnType.Integer, false, Integer: r => r.NAltCount),
    ];

    /// <summary>The typed columns by name, matched case-insensitively as maftools' <c>validateMaf</c> matches them: real files
    /// spell them freely (maftools' own TCGA example has <c>End_position</c>), and no two standard names differ only in case.</summary>
    public static readonly IReadOnlyDictionary<string, MafColumn> ByName = Known.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The position of <paramref name="name"/> among <paramref name="columns"/>, ignoring case; -1 when absent.</summary>
    public static int IndexIn(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
