using Analysis.Genomics.Io;

namespace Analysis.Genomics.Maf;

/// <summary>Turns one data line of a MAF into a <see cref="MafRecord"/>, with the header's column positions worked out once.</summary>
internal sealed class MafRowParser
{
    private readonly int _width;
    private readonly int[] _at;
    private readonly int[] _extraAt;
    private readonly ExtraFields.Names _extraNames;

    public MafRowParser(MafHeader header)
    {
        var columns = header.Columns.ToList();
        _width = columns.Count;
        _at = [.. MafColumns.Known.Select(c => MafColumns.IndexIn(columns, c.Name))];
        _extraAt = [.. header.ExtraColumns.Select(c => columns.IndexOf(c))];
        _extraNames = new ExtraFields.Names(header.ExtraColumns);
    }

    private static readonly int Hugo = Position("Hugo_Symbol"), Entrez = Position("Entrez_Gene_Id"), Center = Position("Center"),
        Build = Position("NCBI_Build"), Chromosome = Position("Chromosome"), Start = Position("Start_Position"), End = Position("End_Position"),
        Strand = Position("Strand"), Classification = Position("Variant_Classification"), Type = Position("Variant_Type"),
        Reference = Position("Reference_Allele"), Allele1 = Position("Tumor_Seq_Allele1"), Allele2 = Position("Tumor_Seq_Allele2"),
        DbSnp = Position("dbSNP_RS"), Tumor = Position("Tumor_Sample_Barcode"), Normal = Position("Matched_Norm_Sample_Barcode"),
        HgvsC = Position("HGVSc"), HgvsP = Position("HGVSp"), HgvsPShort = Position("HGVSp_Short"), Transcript = Position("Transcript_ID"),
        TDepth = Position("t_depth"), TRef = Position("t_ref_count"), TAlt = Position("t_alt_count"),
        NDepth = Position("n_depth"), NRef = Position("n_ref_count"), NAlt = Position("n_alt_count");

    private static int Position(string name) => MafColumns.Known.ToList().FindIndex(c => c.Name == name);

    public MafRecord Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != _width) throw new LineFormatException($"expected {_width} tab-separated fields, found {f.Length}");
        string? Text(int k) => _at[k] is var i and >= 0 && f[i].Length > 0 ? f[i] : null;
        string Required(int k) => Text(k) ?? throw new LineFormatException($"{MafColumns.Known[k].Name} is empty");
        // GDC and TCGA files write a missing count as empty, '.' or 'NA'.
        long? Integer(int k) => Text(k) is { } t && t is not ("." or "NA") ? FieldText.Integer(t, MafColumns.Known[k].Name) : null;
        var extras = new string[_extraAt.Length];
        for (var i = 0; i < extras.Length; i++) extras[i] = f[_extraAt[i]];
        var start = FieldText.Integer(Required(Start), "Start_Position");
        var end = FieldText.Integer(Required(End), "End_Position");
        if (start < 1) throw new LineFormatException($"Start_Position must be 1 or more, not {start}");
        if (end < start - 1) throw new LineFormatException($"End_Position {end} is before Start_Position {start}");
        return new MafRecord
        {
            HugoSymbol = Required(Hugo), EntrezGeneId = Integer(Entrez), Center = Text(Center), NcbiBuild = Text(Build),
            Chromosome = Required(Chromosome), StartPosition = start, EndPosition = end, Strand = Text(Strand),
            VariantClassification = Required(Classification), VariantType = Required(Type), ReferenceAllele = Required(Reference),
            TumorSeqAllele1 = Text(Allele1), TumorSeqAllele2 = Required(Allele2), DbSnpRs = Text(DbSnp),
            TumorSampleBarcode = Required(Tumor), MatchedNormSampleBarcode = Text(Normal), HgvsC = Text(HgvsC), HgvsP = Text(HgvsP),
            HgvsPShort = Text(HgvsPShort), TranscriptId = Text(Transcript),
            TDepth = Integer(TDepth), TRefCount = Integer(TRef), TAltCount = Integer(TAlt),
            NDepth = Integer(NDepth), NRefCount = Integer(NRef), NAltCount = Integer(NAlt),
            Extra = new ExtraFields(_extraNames, extras),
        };
    }
}
