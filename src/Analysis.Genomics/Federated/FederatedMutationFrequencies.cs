using System.Globalization;
using System.Text;

namespace Analysis.Genomics.Federated;

/// <summary>One gene at one site: its carriers, or that the site suppressed them.</summary>
/// <param name="Gene">The HUGO symbol.</param>
/// <param name="Carriers">Patients carrying a counted variant; null when suppressed.</param>
/// <param name="Display">How the site showed the count (the number, or e.g. <c>&lt;5</c>).</param>
/// <param name="Patients">The site's cohort size.</param>
public sealed record SiteGeneCount(string Gene, long? Carriers, string Display, long Patients)
{
    /// <summary>Whether the site withheld the count under its cell rule.</summary>
    public bool IsSuppressed => Carriers is null;

    /// <summary>Carriers / patients at this site; null when suppressed.</summary>
    public double? Frequency => Carriers is { } c && Patients > 0 ? (double)c / Patients : null;

    /// <inheritdoc />
    public override string ToString() => IsSuppressed ? $"{Gene}: {Display}/{Patients}" : $"{Gene}: {Carriers}/{Patients} ({Frequency:P1})";
}

/// <summary>One site's answer: its cohort size and per-gene carriers, or why it gave none.</summary>
/// <param name="Site">The site's name.</param>
/// <param name="Patients">The cohort size; null when the site failed.</param>
/// <param name="Genes">The genes it reported.</param>
/// <param name="Failure">Why it gave no answer (down, refused, ...); null when it answered.</param>
public sealed record SiteMutationFrequencies(string Site, long? Patients, IReadOnlyList<SiteGeneCount> Genes, string? Failure)
{
    /// <summary>Whether the site answered.</summary>
    public bool Answered => Failure is null;

    /// <summary>The site's count for <paramref name="gene"/> (case-insensitive), or null when it did not report it.</summary>
    public SiteGeneCount? this[string gene] => Genes.FirstOrDefault(g => string.Equals(g.Gene, gene, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A gene's frequency over every site that answered.</summary>
/// <param name="Gene">The HUGO symbol.</param>
/// <param name="Carriers">The sum of the carriers the sites showed.</param>
/// <param name="Patients">The sum of the answering sites' cohort sizes.</param>
/// <param name="SuppressedAt">Sites that suppressed this gene's count (each had from 0 to the threshold - 1 carriers).</param>
public sealed record PooledGeneFrequency(string Gene, long Carriers, long Patients, IReadOnlyList<string> SuppressedAt)
{
    /// <summary>Whether a site suppressed its count, so <see cref="Carriers"/> and <see cref="Frequency"/> are lower bounds.</summary>
    public bool IsLowerBound => SuppressedAt.Count > 0;

    /// <summary>Carriers / patients (a lower bound when <see cref="IsLowerBound"/>).</summary>
    public double Frequency => Patients > 0 ? (double)Carriers / Patients : 0;

    /// <inheritdoc />
    public override string ToString() => $"{Gene}: {(IsLowerBound ? "≥" : "")}{Carriers}/{Patients} ({(IsLowerBound ? "≥" : "")}{Frequency.ToString("P1", CultureInfo.InvariantCulture)})";
}

/// <summary>Mutation frequencies across a federation: every site's answer and the pooled frequencies.</summary>
/// <param name="Sites">Per site, in catalog order; a failed site keeps its reason.</param>
/// <param name="Pooled">Per gene, pooled over the answering sites; most carriers first unless genes were named.</param>
public sealed record FederatedMutationFrequencies(IReadOnlyList<SiteMutationFrequencies> Sites, IReadOnlyList<PooledGeneFrequency> Pooled)
{
    /// <summary>Whether a site gave no answer (the pooled figures are over the others only).</summary>
    public bool IsPartial => Sites.Any(s => !s.Answered);

    /// <summary>The pooled frequency of <paramref name="gene"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">The gene is not in the result.</exception>
    public PooledGeneFrequency this[string gene] =>
        Pooled.FirstOrDefault(g => string.Equals(g.Gene, gene, StringComparison.OrdinalIgnoreCase)) ?? throw new KeyNotFoundException($"'{gene}' is not in the result");

    /// <summary>One line per gene (pooled, then per site), then a line per failed site.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var gene in Pooled)
        {
            text.Append(gene);
            foreach (var site in Sites.Where(s => s.Answered))
                text.Append("  ").Append(site.Site).Append(' ').Append(site[gene.Gene] is { } c ? $"{c.Display}/{c.Patients}" : "-");
            text.Append('\n');
        }
        foreach (var site in Sites.Where(s => !s.Answered)) text.Append(site.Site).Append(": failed (").Append(site.Failure).Append(")\n");
        return text.ToString().TrimEnd('\n');
    }
}
