namespace Analysis.Genomics.Vcf;

/// <summary>One <c>##</c> meta-information line: <c>key=value</c>, or <c>key=&lt;ID=...,...&gt;</c> with its fields parsed.</summary>
/// <param name="Key">The key, e.g. <c>fileformat</c>, <c>INFO</c>, <c>contig</c>, <c>reference</c>.</param>
/// <param name="Value">The text after the first <c>=</c>.</param>
/// <param name="Fields">For a structured line, its fields (quotes removed), in order; null for a plain one.</param>
public sealed record VcfMetaLine(string Key, string Value, IReadOnlyDictionary<string, string>? Fields);
