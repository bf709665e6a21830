using System.Globalization;

namespace Analysis.Genomics.Vcf;

/// <summary>A parsed GT value: allele indices (0 = reference, null = missing '.') and whether they are phased.</summary>
/// <remarks><c>0/1</c>, <c>1|0</c>, <c>./.</c>, <c>1</c> (haploid), <c>0/1/2</c> (triploid), and VCF 4.3's explicit
/// phasing of the first allele (<c>|1</c>, <c>/0|1</c>). Phased only when every separator, an explicit first one
/// included, is <c>|</c>; a haploid call is phased only with an explicit <c>|</c>.</remarks>
public sealed record Genotype
{
    private Genotype(IReadOnlyList<int?> alleles, bool phased)
    {
        Alleles = alleles;
        IsPhased = phased;
    }

    /// <summary>The allele index of each chromosome copy; null where the call is missing.</summary>
    public IReadOnlyList<int?> Alleles { get; }

    /// <summary>Whether every separator is <c>|</c>.</summary>
    public bool IsPhased { get; }

    /// <summary>The number of chromosome copies called.</summary>
    public int Ploidy => Alleles.Count;

    /// <summary>Whether every allele is missing (<c>./.</c>, <c>.</c>).</summary>
    public bool IsMissing => Alleles.All(a => a is null);

    /// <summary>Whether at least one called allele is not the reference.</summary>
    public bool HasAlternate => Alleles.Any(a => a > 0);

    /// <summary>Whether two different alleles were called.</summary>
    public bool IsHeterozygous => Alleles.Where(a => a is not null).Distinct().Count() > 1;

    /// <summary>Parses a GT value against a site with <paramref name="alternates"/> alternate alleles.</summary>
    /// <exception cref="FormatException">Not a genotype, or an allele index beyond the site's alleles.</exception>
    public static Genotype Parse(string text, int alternates)
    {
        var alleles = new List<int?>();
        var explicitFirst = text.Length > 0 && text[0] is '|' or '/';
        var phased = !explicitFirst || text[0] == '|';
        var start = explicitFirst ? 1 : 0;
        for (var i = start; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is not ('/' or '|')) continue;
            var part = text[start..i];
            if (part == ".") alleles.Add(null);
            else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var a))
                alleles.Add(a <= alternates ? a : throw new FormatException($"GT '{text}' names allele {a} but the site has {alternates} alternate allele(s)"));
            else throw new FormatException($"GT '{text}' is not a genotype such as 0/1, 1|0 or ./.");
            if (i < text.Length && text[i] == '/') phased = false;
            start = i + 1;
        }
        return new Genotype(alleles, phased && (alleles.Count > 1 || explicitFirst));
    }

    /// <inheritdoc />
    public override string ToString() => (IsPhased && Ploidy == 1 ? "|" : "") + string.Join(IsPhased ? "|" : "/", Alleles.Select(a => a?.ToString(CultureInfo.InvariantCulture) ?? "."));
}
