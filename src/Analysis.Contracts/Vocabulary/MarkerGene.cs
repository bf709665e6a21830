namespace Analysis.Contracts;

/// <summary>The genes whose mutation status (present or absent) every patient of the data contract has as an observation.</summary>
/// <remarks>Any gene can carry variants in a site's MAF; these four also have a status observation and so a patient variable.</remarks>
public enum MarkerGene
{
    /// <summary>KRAS proto-oncogene.</summary>
    KRAS,

    /// <summary>Epidermal growth factor receptor.</summary>
    EGFR,

    /// <summary>Tumour protein p53.</summary>
    TP53,

    /// <summary>PI3-kinase catalytic subunit alpha.</summary>
    PIK3CA,
}

/// <summary>Codes and names of each <see cref="MarkerGene"/>.</summary>
public static class MarkerGenes
{
    /// <summary>Every marker gene, in contract order.</summary>
    public static IReadOnlyList<MarkerGene> All { get; } = [MarkerGene.KRAS, MarkerGene.EGFR, MarkerGene.TP53, MarkerGene.PIK3CA];

    /// <summary>The HGNC symbol, e.g. <c>KRAS</c>.</summary>
    public static string Symbol(this MarkerGene gene) => gene.ToString();

    /// <summary>The HGNC identifier, e.g. <c>HGNC:6407</c> for KRAS.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined marker gene.</exception>
    public static string Hgnc(this MarkerGene gene) => gene switch
    {
        MarkerGene.KRAS => "HGNC:6407",
        MarkerGene.EGFR => "HGNC:3236",
        MarkerGene.TP53 => "HGNC:11998",
        MarkerGene.PIK3CA => "HGNC:8975",
        _ => throw new ArgumentOutOfRangeException(nameof(gene)),
    };

    /// <summary>The gene as an HGNC <see cref="Code"/>.</summary>
    public static Code Code(this MarkerGene gene) => new(CodeSystems.Hgnc, gene.Hgnc(), gene.Symbol());

    /// <summary>The patient variable holding the gene's status (<c>kras</c>).</summary>
    public static string VariableName(this MarkerGene gene) => gene.Symbol().ToLowerInvariant();

    /// <summary>The marker gene with this symbol or HGNC id (<c>KRAS</c>, <c>kras</c>, <c>HGNC:6407</c> or <c>6407</c>); null for any other gene.</summary>
    public static MarkerGene? Find(string symbolOrId)
    {
        var text = symbolOrId.Trim();
        foreach (var g in All)
            if (string.Equals(g.Symbol(), text, StringComparison.OrdinalIgnoreCase) || string.Equals(g.Hgnc(), text, StringComparison.OrdinalIgnoreCase)
                || g.Hgnc() == "HGNC:" + text)
                return g;
        return null;
    }
}
