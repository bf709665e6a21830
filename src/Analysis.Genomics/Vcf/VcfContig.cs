namespace Analysis.Genomics.Vcf;

/// <summary>A contig declared in the header.</summary>
/// <param name="Id">Its name, e.g. <c>chr1</c>.</param>
/// <param name="Length">Its length, when declared.</param>
public sealed record VcfContig(string Id, long? Length);
