using System.Net;
using System.Text;
using Analysis.Federation;
using Analysis.Kernel.Display;
using Analysis.Stats;

namespace Analysis.Extensions;

/// <summary>Statistics results and federated results as HTML: the result's own table, then how each site took part.</summary>
public static class StatisticsTables
{
    /// <summary>A result's rows (its <see cref="ITabular.ToFrame"/>) under its text summary's first line.</summary>
    public static string Result(ITabular result)
    {
        var summary = result.ToString() ?? "";
        var frame = TablePreviews.Frame(result.ToFrame()) with { Caption = FirstLine(summary) };
        var html = new StringBuilder(PagedHtmlTable.Render(frame));
        // Model fit statistics and tests live in the text after the table; keep them visible.
        var rest = string.Join('\n', summary.Split('\n').Skip(1).SkipWhile(l => !IsFootnote(l)).Where(IsFootnote));
        if (rest.Length > 0) html.Append("<pre>").Append(WebUtility.HtmlEncode(rest)).Append("</pre>");
        return html.ToString();
    }

    /// <summary>The pooled result, a table of the sites (included with their n, or left out with the reason) and the caveats.</summary>
    public static string Federated<T>(Federated<T> federated) where T : class, ITabular
    {
        var html = new StringBuilder(Result(federated.Result));
        var sites = new TablePreview([new("site", "string"), new("included", "bool"), new("patients", "long?"), new("reason", "string?")],
            federated.Sites.Select(s => new TableCell[]
            {
                s.Site, s.Included ? "yes" : new TableCell("no", "failed"), s.Patients?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", s.Reason ?? "",
            }).ToArray(), federated.Sites.Count,
            federated.IsExact ? "Sites: every site answered; equal to the pooled-data result" : $"Sites: {federated.Sites.Count(s => s.Included)} of {federated.Sites.Count} included");
        html.Append(PagedHtmlTable.Render(sites));
        if (federated.Caveats.Count > 0)
            html.Append("<ul class=\"caveats\">").Append(string.Concat(federated.Caveats.Select(c => $"<li>{WebUtility.HtmlEncode(c)}</li>"))).Append("</ul>");
        return html.ToString();
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    // The lines after a result's table that carry tests and fit statistics (R-style footers).
    private static bool IsFootnote(string line) =>
        line.Contains("chi-square", StringComparison.OrdinalIgnoreCase) || line.Contains("likelihood", StringComparison.OrdinalIgnoreCase) ||
        line.Contains("deviance", StringComparison.OrdinalIgnoreCase) || line.Contains("log-rank", StringComparison.OrdinalIgnoreCase);
}
