using System.Globalization;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// One site's value for one category (or histogram bin). A suppressed cell has no value,
/// only what the site released in its place (e.g. "&lt;5").
/// </summary>
/// <param name="Site">The site's name.</param>
/// <param name="Category">The category or bin label; categories are drawn in first-seen order.</param>
/// <param name="Value">The released value; null when suppressed.</param>
/// <param name="Suppressed">The site withheld the value under its disclosure threshold.</param>
/// <param name="Display">What the site released instead of a suppressed value, such as "&lt;5".</param>
public sealed record SiteCell(string Site, string Category, double? Value, bool Suppressed = false, string? Display = null)
{
    /// <summary>A released value.</summary>
    public static SiteCell Released(string site, string category, double value) => new(site, category, value);

    /// <summary>A suppressed cell, shown as <paramref name="display"/>.</summary>
    public static SiteCell Withheld(string site, string category, string display = "<5") => new(site, category, null, true, display);
}

/// <summary>
/// Grouped bar charts (and binned histograms) with one bar per site in each category.
/// Suppressed cells are drawn as a hatched bar up to the suppression bound, labelled with
/// what the site released ("&lt;5"), never as 0.
/// </summary>
public static class SiteBarChart
{
    /// <summary>Grouped bars, one colour per site.</summary>
    /// <param name="cells">The values; each (site, category) at most once.</param>
    /// <param name="valueTitle">The y-axis title.</param>
    /// <param name="categoryTitle">The x-axis title.</param>
    /// <param name="title">The chart's title, or null.</param>
    /// <exception cref="ArgumentException">No cells, a NaN value, a cell both released and suppressed (or neither), or a repeated (site, category).</exception>
    public static GenericChart Create(IEnumerable<SiteCell> cells, string valueTitle = "Patients", string categoryTitle = "", string? title = null)
    {
        var all = Require.NotEmpty(cells, nameof(cells));
        for (int i = 0; i < all.Length; i++) Check(all[i], i);
        if (all.GroupBy(c => (c.Site, c.Category)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"cells has site '{twice.Key.Site}' category '{twice.Key.Category}' more than once.", nameof(cells));
        var categories = all.Select(c => c.Category).Distinct().ToArray();
        var sites = all.Select(c => c.Site).Distinct().ToArray();
        var traces = new List<Trace>();
        for (int k = 0; k < sites.Length; k++)
        {
            var color = Palette.Color(k);
            var site = all.Where(c => c.Site == sites[k]).ToArray();
            var released = site.Where(c => !c.Suppressed).ToArray();
            var withheld = site.Where(c => c.Suppressed).ToArray();
            traces.Add(PlotlyParts.Trace("bar", ("name", sites[k]), ("x", released.Select(c => c.Category).ToArray()),
                ("y", released.Select(c => c.Value!.Value).ToArray()), ("offsetgroup", sites[k]), ("legendgroup", sites[k]),
                ("marker", PlotlyParts.Obj(("color", color))), ("hovertemplate", sites[k] + ", %{x}: %{y}<extra></extra>")));
            if (withheld.Length == 0) continue;
            traces.Add(PlotlyParts.Trace("bar", ("name", sites[k] + " (suppressed)"), ("x", withheld.Select(c => c.Category).ToArray()),
                ("y", withheld.Select(c => Bound(c.Display!)).ToArray()), ("offsetgroup", sites[k]), ("legendgroup", sites[k]), ("showlegend", false),
                ("text", withheld.Select(c => c.Display).ToArray()), ("textposition", "outside"),
                ("marker", PlotlyParts.Obj(("color", "rgba(255,255,255,0)"), ("line", PlotlyParts.Obj(("color", color), ("width", 1))),
                    ("pattern", PlotlyParts.Obj(("shape", "/"), ("fgcolor", color), ("solidity", 0.3))))),
                ("hovertemplate", sites[k] + ", %{x}: %{text} (suppressed)<extra></extra>")));
        }
        return PlotlyParts.Chart(traces,
            ("title", title is null ? null : PlotlyParts.Obj(("text", title))),
            ("barmode", "group"),
            ("xaxis", PlotlyParts.Obj(("type", "category"), ("categoryorder", "array"), ("categoryarray", categories), ("title", PlotlyParts.Obj(("text", categoryTitle))))),
            ("yaxis", PlotlyParts.Obj(("title", PlotlyParts.Obj(("text", valueTitle))), ("rangemode", "tozero"))));
    }

    /// <summary>A per-site histogram of binned counts, bins labelled "[lower, upper)" in the order given.</summary>
    /// <param name="bins">Per site, the bin edges and the released (or suppressed) count.</param>
    /// <param name="valueTitle">The x-axis title (what was binned).</param>
    /// <exception cref="ArgumentException">No bins, a bin whose upper edge is not above its lower, or a bad count.</exception>
    public static GenericChart Histogram(IEnumerable<SiteBin> bins, string valueTitle = "")
    {
        var all = Require.NotEmpty(bins, nameof(bins));
        for (int i = 0; i < all.Length; i++)
            if (!double.IsFinite(all[i].Lower) || !double.IsFinite(all[i].Upper) || all[i].Upper <= all[i].Lower)
                throw new ArgumentException($"bins[{i}] has edges [{all[i].Lower}, {all[i].Upper}): the upper edge must be a number above the lower.", nameof(bins));
        return Create(all.Select(b => new SiteCell(b.Site, b.Label, b.Count, b.Suppressed, b.Display)), "Patients", valueTitle);
    }

    private static double Bound(string display) =>
        double.TryParse(display.TrimStart('<', '≤', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) ? bound : 1;

    private static void Check(SiteCell c, int i)
    {
        if (string.IsNullOrWhiteSpace(c.Site) || string.IsNullOrWhiteSpace(c.Category))
            throw new ArgumentException($"cells[{i}] has an empty Site or Category.", "cells");
        if (c.Suppressed ? c.Value is not null || string.IsNullOrWhiteSpace(c.Display) : c.Value is null)
            throw new ArgumentException($"cells[{i}] ({c.Site}, {c.Category}): a cell has a Value, or is Suppressed with a Display such as \"<5\", not both or neither.", "cells");
        if (c.Value is { } v && !double.IsFinite(v))
            throw new ArgumentException($"cells[{i}] ({c.Site}, {c.Category}) has Value {v}: values must be finite.", "cells");
    }
}

/// <summary>One site's count in one histogram bin [<paramref name="Lower"/>, <paramref name="Upper"/>).</summary>
/// <param name="Site">The site's name.</param>
/// <param name="Lower">The bin's lower edge (included).</param>
/// <param name="Upper">The bin's upper edge (excluded).</param>
/// <param name="Count">The released count; null when suppressed.</param>
/// <param name="Suppressed">The site withheld the count.</param>
/// <param name="Display">What the site released instead, such as "&lt;5".</param>
public sealed record SiteBin(string Site, double Lower, double Upper, double? Count, bool Suppressed = false, string? Display = null)
{
    /// <summary>The bin's label, "[lower, upper)".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"[{Lower:G6}, {Upper:G6})");
}
