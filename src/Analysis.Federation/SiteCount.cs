using System.Globalization;
using System.Text;

namespace Analysis.Federation;

/// <summary>One site's answer to a count.</summary>
/// <param name="Site">The site's name.</param>
/// <param name="Value">The released count; null when suppressed or failed.</param>
/// <param name="Suppressed">The count was under the site's threshold and released only as <paramref name="Display"/>.</param>
/// <param name="Display">What to show: the value, "&lt;5", or "failed".</param>
/// <param name="Failure">Why the site gave no count (down, timed out, refused, error); null when it answered.</param>
public sealed record SiteCount(string Site, long? Value, bool Suppressed, string Display, string? Failure)
{
    /// <summary>The site answered with a number or a suppressed count.</summary>
    public bool Answered => Failure is null;

    internal static SiteCount Released(string site, long value) => new(site, value, false, value.ToString(CultureInfo.InvariantCulture), null);

    internal static SiteCount Hidden(string site, string display) => new(site, null, true, display, null);

    internal static SiteCount Failed(string site, string reason) => new(site, null, false, "failed", reason);

    /// <inheritdoc />
    public override string ToString() => Failure is null ? $"{Site}: {Display}" : $"{Site}: failed ({Failure})";
}

/// <summary>A count over every site of a federation.</summary>
/// <param name="Sites">Each site's answer, in catalog order.</param>
public sealed record FederatedCount(IReadOnlyList<SiteCount> Sites)
{
    /// <summary>The sum of the released counts.</summary>
    public long Total => Sites.Sum(s => s.Value ?? 0);

    /// <summary>The true total may be higher: a site suppressed its count or gave none.</summary>
    public bool IsLowerBound => Sites.Any(s => s.Value is null);

    /// <summary>The sites that gave no count.</summary>
    public IEnumerable<SiteCount> Failures => Sites.Where(s => !s.Answered);

    /// <summary>The answer of the site called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such site.</exception>
    public SiteCount this[string name] => Sites.FirstOrDefault(s => s.Site == name) ?? throw new KeyNotFoundException($"no site '{name}' in this result");

    /// <summary>A small table, one row per site, then the total ("≥" when it is a lower bound).</summary>
    public override string ToString()
    {
        var total = (IsLowerBound ? "≥" : "") + Total.ToString(CultureInfo.InvariantCulture);
        var width = Math.Max(5, Sites.Count == 0 ? 0 : Sites.Max(s => s.Site.Length));
        var countWidth = Math.Max(total.Length, Sites.Count == 0 ? 0 : Sites.Max(s => s.Display.Length));
        var text = new StringBuilder();
        foreach (var s in Sites)
        {
            text.Append(s.Site.PadRight(width)).Append("  ").Append(s.Display.PadLeft(countWidth));
            if (s.Failure is not null) text.Append("  ").Append(s.Failure);
            text.Append('\n');
        }
        text.Append(new string('-', width + 2 + countWidth)).Append('\n');
        text.Append("total".PadRight(width)).Append("  ").Append(total.PadLeft(countWidth));
        return text.ToString();
    }
}
