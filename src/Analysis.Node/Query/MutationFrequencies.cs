using System.Text.RegularExpressions;
using Analysis.Contracts;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Query;

/// <summary>
/// Per-gene carrier counts over a cohort, the federated basis of mutation frequencies. Carriers are patients, not
/// variant rows. A named gene is always answered (suppressed under the cell rule, zero included); the top-N list only
/// holds genes whose count is shown, so which rare genes a site has is never revealed by their being listed.
/// </summary>
internal sealed partial class MutationFrequencies(QueryExecutor executor, DisclosurePolicy policy)
{
    /// <summary>The most genes one request may ask for.</summary>
    public const int MaxTop = 500;

    /// <summary>The genes reported when the request names none and gives no top.</summary>
    public const int DefaultTop = 20;

    /// <summary>Answers a request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The cohort size and per-gene carriers.</returns>
    /// <exception cref="RequestException">Bad input (400, field named) or a cohort under the minimum subset size (422).</exception>
    public MutationFrequencyResult Answer(MutationFrequencyRequest request)
    {
        var genes = Genes(request);
        var top = request.Top ?? DefaultTop;
        if (top is < 1 or > MaxTop) throw RequestException.Invalid("top", $"top must be between 1 and {MaxTop}, not {top}");
        var filter = (request.Filter ?? new CohortFilter()).ToSql();
        var counted = Classifications(request, filter);
        var patients = executor.Scalar($"SELECT count(*) FROM patients WHERE {filter}", filter.Parameters);
        if (patients < policy.MinSubsetSize)
            throw RequestException.Refused($"the cohort has fewer than {policy.MinSubsetSize} patients (the minimum subset size for a multi-cell result)");
        var carriers = executor.Rows(
                $"SELECT upper(hugo_symbol), min(hugo_symbol), count(DISTINCT patient_id) FROM mutations " +
                $"WHERE patient_id IN (SELECT id FROM patients WHERE {filter}){counted} GROUP BY 1", filter.Parameters)
            .Select(r => (Key: (string)r[0]!, Gene: (string)r[1]!, Count: Convert.ToInt64(r[2])))
            .ToList();
        var byKey = carriers.ToDictionary(c => c.Key);
        var answered = genes is not null
            ? genes.Select(g => byKey.TryGetValue(g.ToUpperInvariant(), out var c) ? new GeneCarriers(c.Gene, policy.Count(c.Count)) : new GeneCarriers(g, policy.Count(0)))
            : carriers.Where(c => c.Count >= policy.MinCellCount).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).Take(top)
                .Select(c => new GeneCarriers(c.Gene, policy.Count(c.Count)));
        return new MutationFrequencyResult(policy.Count(patients), [.. answered]);
    }

    private IReadOnlyList<string>? Genes(MutationFrequencyRequest request)
    {
        if (request.Genes is not { } genes) return null;
        if (request.Top is not null) throw RequestException.Invalid("top", "give genes or top, not both");
        if (genes.Count == 0) throw RequestException.Invalid("genes", "genes must name at least one gene");
        if (genes.Count > MaxTop) throw RequestException.Invalid("genes", $"genes may name at most {MaxTop} genes, not {genes.Count}");
        for (var i = 0; i < genes.Count; i++)
            if (genes[i] is not { } gene || !GeneSymbol().IsMatch(gene))
                throw RequestException.Invalid($"genes[{i}]", $"'{genes[i]}' is not a gene symbol (letters, digits, '.' and '-', starting with a letter or digit)");
        var repeated = genes.GroupBy(g => g.ToUpperInvariant()).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw RequestException.Invalid("genes", $"'{repeated.Key}' is named twice");
        return genes;
    }

    private static string Classifications(MutationFrequencyRequest request, SqlCondition filter)
    {
        if (request.Classifications is not { } classes) return "";
        if (classes.Count == 0) throw RequestException.Invalid("classifications", "classifications must list at least one Variant_Classification");
        for (var i = 0; i < classes.Count; i++)
            if (classes[i] is not { } c || !Classification().IsMatch(c))
                throw RequestException.Invalid($"classifications[{i}]", $"'{classes[i]}' is not a Variant_Classification such as Missense_Mutation");
        return $" AND variant_classification IN ({string.Join(", ", classes.Select(c => filter.Parameter(c)))})";
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$")]
    private static partial Regex GeneSymbol();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex Classification();
}
