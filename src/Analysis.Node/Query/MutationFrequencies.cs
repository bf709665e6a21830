using System.Text.RegularExpressions;
using Analysis.Contracts;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Query;

/// <summary>
/// Per-gene carrier counts over a cohort, the federated basis of mutation frequencies. Carriers are patients, not
/// variant rows. A named gene is always answered (suppressed under the cell rule, zero included); the top-N list only
/// holds genes whose count is shown, so which rare genes a site has is never revealed by their being listed.
/// In protected mode the cohort passes the ledger and each count gets the cell-key noise of its carriers and rounding,
/// so two cohorts cannot be differenced to one patient's mutated genes.
/// </summary>
internal sealed partial class MutationFrequencies(QueryExecutor executor, DisclosureControl control)
{
    private DisclosurePolicy Policy => control.Policy;

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
        control.RequireBands(request.Filter);
        var counted = Classifications(request, filter);
        var cohort = executor.Rows($"SELECT count(*), coalesce(bit_xor(record_key), 0), list(audit_index) FROM patients WHERE {filter}", filter.Parameters)[0];
        var patients = Convert.ToInt64(cohort[0]);
        var cohortKey = cohort[1] is null ? CellKey.Empty : Convert.ToUInt64(cohort[1]);
        if (patients < Policy.MinSubsetSize)
            throw RequestException.Refused($"the cohort has fewer than {Policy.MinSubsetSize} patients (the minimum subset size for a multi-cell result)");
        control.Admit(new CohortCell(patients, cohortKey,
            cohort[2] is System.Collections.IEnumerable members ? [.. members.Cast<object?>().Select(m => Convert.ToInt32(m))] : []));
        var carriers = executor.Rows(
                $"SELECT c.gene, min(c.symbol), count(*), coalesce(bit_xor(p.record_key), 0) FROM " +
                $"(SELECT upper(hugo_symbol) AS gene, min(hugo_symbol) AS symbol, patient_id FROM mutations " +
                $"WHERE patient_id IN (SELECT id FROM patients WHERE {filter}){counted} GROUP BY 1, 3) c JOIN patients p ON p.id = c.patient_id GROUP BY 1", filter.Parameters)
            .Select(r => (Key: (string)r[0]!, Gene: (string)r[1]!, Count: Convert.ToInt64(r[2]), CellKey: Convert.ToUInt64(r[3])))
            .Select(c => (c.Key, c.Gene, c.Count, Released: Policy.Release(c.Count, c.CellKey, CellKind.Count)))
            .ToList();
        var byKey = carriers.ToDictionary(c => c.Key);
        // The top list is ordered by the released counts, so its order tells nothing the counts do not.
        var answered = genes is not null
            ? genes.Select(g => byKey.TryGetValue(g.ToUpperInvariant(), out var c) ? new GeneCarriers(c.Gene, c.Released) : new GeneCarriers(g, Policy.Count(0)))
            : carriers.Where(c => !c.Released.IsSuppressed).OrderByDescending(c => c.Released.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(top)
                .Select(c => new GeneCarriers(c.Gene, c.Released));
        return new MutationFrequencyResult(Policy.Release(patients, cohortKey, CellKind.Count), [.. answered]);
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
        // The contract's default: the non-synonymous classifications, as maftools counts them.
        var classes = request.Classifications ?? [.. Analysis.Genomics.Mutations.VariantClassifications.NonSynonymous.Order(StringComparer.Ordinal)];
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
