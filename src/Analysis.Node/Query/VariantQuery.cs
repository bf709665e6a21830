using System.Text.RegularExpressions;

namespace Analysis.Node.Query;

/// <summary>
/// A genomic variant query as GA4GH Beacon v2 <c>g_variants</c> asks it: a position (reference name and
/// 0-based start, optionally an end, reference and alternate bases), a gene, or an amino-acid change.
/// Matched against the site's MAF, whose positions are 1-based.
/// </summary>
public sealed partial record VariantQuery
{
    /// <summary>Chromosome, with or without a <c>chr</c> prefix (<c>12</c>, <c>chr12</c>, <c>X</c>).</summary>
    public string? ReferenceName { get; init; }

    /// <summary>0-based start position (Beacon convention).</summary>
    public long? Start { get; init; }

    /// <summary>0-based exclusive end; with it the query is a range, without it an exact start.</summary>
    public long? End { get; init; }

    /// <summary>Reference allele (A, C, G, T, N or '-').</summary>
    public string? ReferenceBases { get; init; }

    /// <summary>Alternate allele.</summary>
    public string? AlternateBases { get; init; }

    /// <summary>Gene symbol, e.g. <c>KRAS</c>.</summary>
    public string? GeneId { get; init; }

    /// <summary>Protein change, e.g. <c>G12D</c> or <c>p.G12D</c>.</summary>
    public string? AminoacidChange { get; init; }

    /// <summary>The SQL condition over the <c>mutations</c> table.</summary>
    /// <exception cref="RequestException">A parameter is malformed or the query names neither a position nor a gene; the field is named.</exception>
    public SqlCondition ToCondition()
    {
        var condition = new SqlCondition();
        bool positional = ReferenceName is not null || Start is not null;
        if (positional)
        {
            if (ReferenceName is null) throw RequestException.Invalid("referenceName", "a start position needs a referenceName");
            if (Start is null) throw RequestException.Invalid("start", "a referenceName needs a start position");
            var chromosome = ReferenceName.StartsWith("chr", StringComparison.OrdinalIgnoreCase) ? ReferenceName[3..] : ReferenceName;
            if (!Chromosome().IsMatch(chromosome))
                throw RequestException.Invalid("referenceName", $"'{ReferenceName}' is not a chromosome (1-22, X, Y, MT)");
            if (Start < 0) throw RequestException.Invalid("start", "start must be 0 or more");
            if (End is { } end && end <= Start) throw RequestException.Invalid("end", "end must be greater than start");
            condition.Add($"regexp_replace(chromosome, '^chr', '') = {condition.Parameter(chromosome.ToUpperInvariant())}");
            // MAF positions are 1-based; Beacon's are 0-based.
            if (End is { } stop)
                condition.Add($"start_position > {condition.Parameter(Start.Value)} AND start_position <= {condition.Parameter(stop)}");
            else
                condition.Add($"start_position = {condition.Parameter(Start.Value + 1)}");
        }
        else if (GeneId is null && AminoacidChange is null)
        {
            throw RequestException.Invalid("referenceName", "a g_variants query needs referenceName and start, or geneId");
        }
        AddBases(condition, "reference_allele", ReferenceBases, "referenceBases");
        AddBases(condition, "tumor_seq_allele2", AlternateBases, "alternateBases");
        if (GeneId is not null)
        {
            if (!Vocabulary.Genes.ContainsKey(GeneId) && !GeneSymbol().IsMatch(GeneId))
                throw RequestException.Invalid("geneId", $"'{GeneId}' is not a gene symbol");
            condition.Add($"upper(hugo_symbol) = {condition.Parameter(GeneId.ToUpperInvariant())}");
        }
        if (AminoacidChange is not null)
        {
            var change = AminoacidChange.StartsWith("p.", StringComparison.Ordinal) ? AminoacidChange : "p." + AminoacidChange;
            if (!ProteinChange().IsMatch(change))
                throw RequestException.Invalid("aminoacidChange", $"'{AminoacidChange}' is not a protein change such as G12D");
            condition.Add($"hgvsp_short = {condition.Parameter(change)}");
        }
        return condition;
    }

    private static void AddBases(SqlCondition condition, string column, string? bases, string field)
    {
        if (bases is null) return;
        if (!Bases().IsMatch(bases)) throw RequestException.Invalid(field, $"'{bases}' is not a sequence of A, C, G, T, N (or '-')");
        condition.Add($"{column} = {condition.Parameter(bases.ToUpperInvariant())}");
    }

    [GeneratedRegex("^([1-9]|1[0-9]|2[0-2]|X|Y|MT|M)$", RegexOptions.IgnoreCase)]
    private static partial Regex Chromosome();

    [GeneratedRegex("^([ACGTN]+|-)$", RegexOptions.IgnoreCase)]
    private static partial Regex Bases();

    [GeneratedRegex("^[A-Z0-9-]{1,20}$", RegexOptions.IgnoreCase)]
    private static partial Regex GeneSymbol();

    [GeneratedRegex(@"^p\.[A-Z*]\d+[A-Za-z*_\d]*$")]
    private static partial Regex ProteinChange();
}
