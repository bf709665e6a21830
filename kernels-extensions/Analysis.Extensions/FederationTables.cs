using System.Globalization;
using Analysis.Federation;
using Analysis.Kernel.Display;

namespace Analysis.Extensions;

/// <summary>Federated results as per-site tables; suppressed cells are marked (class <c>suppressed</c>) and show what the site released ("&lt;5").</summary>
public static class FederationTables
{
    /// <summary>The CSS class of a cell a site suppressed.</summary>
    public const string SuppressedClass = "suppressed";

    /// <summary>A count per site, then the total ("≥" when a site suppressed or failed).</summary>
    public static TablePreview Count(FederatedCount count)
    {
        var rows = count.Sites.Select(s => new TableCell[]
        {
            s.Site,
            s.Suppressed ? new TableCell(s.Display, SuppressedClass, "suppressed by the site's disclosure control") : s.Failure is null ? s.Display : new TableCell("failed", "failed"),
            s.Failure ?? (s.Suppressed ? "suppressed" : "ok"),
        }).ToArray();
        var total = (count.IsLowerBound ? "≥ " : "") + count.Total.ToString("N0", CultureInfo.InvariantCulture);
        return new TablePreview([new("site", "string"), new("count", "long?"), new("status", "string")], rows, rows.Length,
            $"Federated count over {count.Sites.Count} sites", [["total", total, count.IsLowerBound ? "lower bound" : ""]]);
    }

    /// <summary>Each site's reachability and latency, then what its node says of itself: version, patients, openness, thresholds.</summary>
    public static TablePreview Status(FederationStatus status) =>
        new([new("site", "string"), new("reachable", "bool"), new("latency", "ms"), new("error", "string?"), new("node", "string"),
                new("patients", "string"), new("open", "bool"), new("min cell", "int"), new("min subset", "int"), new("grid days", "int")],
            status.Sites.Select(s => new TableCell[]
            {
                s.Site, s.Reachable ? "up" : new TableCell("down", "failed"),
                s.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture), s.Error ?? "",
                s.Info?.Version ?? "", s.Info?.Patients ?? "", s.Info is { } i ? (i.Open ? "yes" : "no") : "",
                Number(s.Info?.Policy.MinCellCount), Number(s.Info?.Policy.MinSubsetSize), Number(s.Info?.Policy.SurvivalGridDays),
            }).ToArray(), status.Sites.Count, $"{status.Sites.Count(s => s.Reachable)} of {status.Sites.Count} sites reachable");

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>One site's answer: its value, or why it gave none.</summary>
    public static TablePreview Answer<T>(SiteAnswer<T> answer) =>
        new([new("site", "string"), new("value", TypeNames.Display(typeof(T))), new("status", "string")],
            [[answer.Site, answer.Answered ? PlainTextFormatter.Format(answer.Value) : new TableCell("", "failed"), answer.Failure ?? "ok"]], 1);
}
