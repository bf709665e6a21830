using Analysis.Federation;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary><c>.Plot()</c> for a federated imaging search: subjects and studies per site, a withheld count drawn as "&lt;5", never as 0.</summary>
public static class ImagingSearchCharts
{
    /// <summary>Grouped bars, subjects and studies, one bar per site.</summary>
    /// <param name="count">The search's counts.</param>
    /// <param name="title">The chart title; by default the totals.</param>
    public static GenericChart Plot(this Federated<ImagingCount> count, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(count);
        static SiteCell Cell(string site, string category, Count c) =>
            c.IsLowerBound ? SiteCell.Withheld(site, category, c.Display) : SiteCell.Released(site, category, c.N);
        var cells = count.PerSite.Where(s => s.Value is not null)
            .SelectMany(s => new[] { Cell(s.Site, "subjects", s.Value!.Subjects), Cell(s.Site, "studies", s.Value!.Studies) });
        return Charts.SiteBars(cells, valueTitle: "Count",
            title: title ?? $"Imaging per site (total {count.Result.Subjects.Display} subjects, {count.Result.Studies.Display} studies)");
    }
}
