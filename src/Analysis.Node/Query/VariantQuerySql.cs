using System.Text.RegularExpressions;
using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Query;

/// <summary>
/// The node's reading of a contract <see cref="VariantQuery"/> (GA4GH Beacon v2 <c>g_variants</c>: a position as reference
/// name and 0-based start, optionally an end, reference and alternate bases; a gene; or an amino-acid change): its
/// validation and its SQL over the site's MAF, whose positions are 1-based.
/// </summary>
internal static partial class VariantQuerySql
{
    /// <summary>The SQL condition over the <c>mutations</c> table.</summary>
    /// <param name="query">The query.</param>
    /// <param name="protectedMode">
    /// Whether the site's policy is protected: then a query is at one exact position (<c>end</c> at most the reference
    /// allele's length past <c>start</c>) or within one gene (<c>geneId</c>, optionally narrowed by a range), never a
    /// free genomic range, so halving ranges cannot locate a variant whose own count is withheld.
    /// </param>
    /// <exception cref="RequestException">A parameter is malformed or the query names neither a position nor a gene; the field is named.</exception>
    public static SqlCondition ToCondition(this VariantQuery query, bool protectedMode = false)
    {
        var (referenceName, start, end, referenceBases, alternateBases, geneId, aminoacidChange) =
            (query.ReferenceName, query.Start, query.End, query.ReferenceBases, query.AlternateBases, query.GeneId, query.AminoacidChange);
        var condition = new SqlCondition();
        bool positional = referenceName is not null || start is not null;
        if (positional)
        {
            if (referenceName is null) throw RequestException.Invalid("referenceName", "a start position needs a referenceName");
            if (start is null) throw RequestException.Invalid("start", "a referenceName needs a start position");
            var chromosome = referenceName.StartsWith("chr", StringComparison.OrdinalIgnoreCase) ? referenceName[3..] : referenceName;
            if (!Chromosome().IsMatch(chromosome))
                throw RequestException.Invalid("referenceName", $"'{referenceName}' is not a chromosome (1-22, X, Y, MT)");
            if (start < 0) throw RequestException.Invalid("start", "start must be 0 or more");
            if (end <= start) throw RequestException.Invalid("end", "end must be greater than start");
            var span = Math.Max(1, referenceBases is { Length: > 0 } r && r != "-" ? r.Length : 1);
            if (protectedMode && end is { } last && last - start > span && geneId is null)
                throw RequestException.Invalid("end",
                    $"this site answers g_variants only at an exact position (end at most start + {span}) or within one gene (give geneId): " +
                    "a range over several genes is refused in protected mode, so that ranges cannot be halved to locate a rare variant");
            condition.Add($"regexp_replace(chromosome, '^chr', '') = {condition.Parameter(chromosome.ToUpperInvariant())}");
            // MAF positions are 1-based; Beacon's are 0-based.
            if (end is { } stop)
                condition.Add($"start_position > {condition.Parameter(start.Value)} AND start_position <= {condition.Parameter(stop)}");
            else
                condition.Add($"start_position = {condition.Parameter(start.Value + 1)}");
        }
        else if (geneId is null && aminoacidChange is null)
        {
            throw RequestException.Invalid("referenceName", "a g_variants query needs referenceName and start, or geneId");
        }
        AddBases(condition, "reference_allele", referenceBases, "referenceBases");
        AddBases(condition, "tumor_seq_allele2", alternateBases, "alternateBases");
        if (geneId is not null)
        {
            if (!GeneSymbol().IsMatch(geneId))
                throw RequestException.Invalid("geneId", $"'{geneId}' is not a gene symbol");
            condition.Add($"upper(hugo_symbol) = {condition.Parameter(geneId.ToUpperInvariant())}");
        }
        if (aminoacidChange is not null)
        {
            var change = aminoacidChange.StartsWith("p.", StringComparison.Ordinal) ? aminoacidChange : "p." + aminoacidChange;
            if (!ProteinChange().IsMatch(change))
                throw RequestException.Invalid("aminoacidChange", $"'{aminoacidChange}' is not a protein change such as G12D");
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
