using Analysis.Contracts;

namespace Analysis.Node.Query;

/// <summary>The <c>patients</c> columns of the biomarkers a filter may name: the receptors (ER, PR, HER2: positive or
/// negative) and the marker genes (KRAS, EGFR, TP53, PIK3CA: present or absent), by name, case-insensitively.</summary>
internal static class BiomarkerColumns
{
    /// <summary>Every biomarker name a filter accepts, receptors first.</summary>
    public static IEnumerable<string> Names => Biomarker.Receptors.Keys.Concat(MarkerGenes.All.Select(g => g.Symbol()));

    /// <summary>The column of a receptor, or null when <paramref name="name"/> is not one.</summary>
    public static string? Receptor(string name) => Biomarker.Receptors.TryGetValue(name, out var column) ? column : null;

    /// <summary>The column of a marker gene named by its symbol, or null when <paramref name="symbol"/> is not one.</summary>
    public static string? Gene(string symbol)
    {
        foreach (var gene in MarkerGenes.All)
            if (string.Equals(gene.Symbol(), symbol, StringComparison.OrdinalIgnoreCase))
                return gene.VariableName();
        return null;
    }
}
