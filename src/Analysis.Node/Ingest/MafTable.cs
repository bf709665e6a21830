using Analysis.Genomics.Io;
using Analysis.Genomics.Maf;

namespace Analysis.Node.Ingest;

/// <summary>The node's reading of <c>mutations.maf</c>: Analysis.Genomics' MAF reader, each record a row of the <c>mutations</c> table.</summary>
/// <remarks>
/// The node requires the columns maftools requires (the reader's rule, matched case-insensitively): Beacon variant
/// queries need the positions and alleles, so a MAF without them could only answer them wrongly.
/// </remarks>
internal static class MafTable
{
    /// <summary>Every record of the MAF at <paramref name="path"/>, in <see cref="SiteTables.Mutations"/> column order.</summary>
    /// <exception cref="IngestException">No header, a required column missing, or a malformed row; names the file and line.</exception>
    public static List<object?[]> Read(string path, string fileName)
    {
        try
        {
            using var maf = MafReader.Open(path);
            return [.. maf.Records().Select(r => new object?[]
            {
                r.TumorSampleBarcode, r.HugoSymbol, r.Chromosome, r.StartPosition, r.EndPosition, r.VariantClassification,
                r.VariantType, r.ReferenceAllele, r.TumorSeqAllele2, r.HgvsPShort,
            })];
        }
        catch (GenomicsFormatException e)
        {
            throw new IngestException(fileName, checked((int)e.Line), e.Reason);
        }
    }
}
