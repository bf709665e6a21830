using System.Globalization;
using Analysis.Federation;
using Analysis.Kernel.Display;

namespace Analysis.Extensions;

/// <summary>Federated results as per-site tables; suppressed cells are marked (class <c>suppressed</c>) and show what the site released ("&lt;5").</summary>
public static class FederationTables
{
    /// <summary>The CSS class of a cell a site suppressed.</summary>
    public const string SuppressedClass = "suppressed";

    private const string SuppressedTitle = "suppressed by the site's disclosure control";

    /// <summary>A count per site, then the total ("≥" when a site suppressed or failed).</summary>
    public static TablePreview Count(Federated<Count> count)
    {
        var rows = count.PerSite.Select(s => new TableCell[]
        {
            s.Site,
            s.Value is { } n ? Shown(n.Display, n.IsLowerBound) : new TableCell("failed", "failed"),
            s.Failure ?? (s.Value!.IsLowerBound ? "suppressed" : "ok"),
        }).ToArray();
        var total = (count.Result.IsLowerBound ? "≥ " : "") + count.Result.N.ToString("N0", CultureInfo.InvariantCulture);
        return new TablePreview([new("site", "string"), new("count", "long?"), new("status", "string")], rows, rows.Length,
            $"Federated count over {count.PerSite.Count} sites", [["total", total, count.Result.IsLowerBound ? "lower bound" : ""]]);
    }

    /// <summary>Each beacon's answer (withheld counts marked, sites not asked or failed with the reason), then the federation's.</summary>
    public static TablePreview Beacon(Federated<BeaconAnswer> beacon)
    {
        var rows = beacon.Sites.Select(site =>
        {
            if (beacon.PerSite.FirstOrDefault(a => a.Site == site.Site)?.Value is not { } answer) return new TableCell[] { site.Site, new("", "failed"), site.Reason ?? "" };
            var withheld = answer.ReturnedGranularity == Granularity.Count && answer.Count is null;
            return [site.Site, Shown(answer.ToString(), withheld), withheld ? "withheld" : "ok"];
        }).ToArray();
        var total = beacon.Result.ToString();
        return new TablePreview([new("site", "string"), new("answer", "string"), new("status", "string")], rows, rows.Length,
            $"Beacon over {beacon.Sites.Count} sites", [["total", total, beacon.Result.IsLowerBound ? "lower bound" : ""]]);
    }

    private static TableCell Shown(string display, bool suppressed) => suppressed ? new TableCell(display, SuppressedClass, SuppressedTitle) : display;

    /// <summary>Each site's reachability and latency, then what its node says of itself: version, patients, openness, thresholds.</summary>
    public static TablePreview Status(FederationStatus status) =>
        new([new("site", "string"), new("reachable", "bool"), new("latency", "ms"), new("error", "string?"), new("node", "string"),
                new("patients", "string"), new("open", "bool"), new("min cell", "int"), new("min subset", "int"), new("grid days", "int")],
            status.Sites.Select(s => new TableCell[]
            {
                s.Site, s.Reachable ? "up" : new TableCell("down", "failed"),
                s.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture), s.Error ?? "",
                s.Info?.Version ?? "", s.Info?.Patients.Display ?? "", s.Info is { } i ? (i.Open ? "yes" : "no") : "",
                Number(s.Info?.Policy.MinCellCount), Number(s.Info?.Policy.MinSubsetSize), Number(s.Info?.Policy.SurvivalGridDays),
            }).ToArray(), status.Sites.Count, $"{status.Sites.Count(s => s.Reachable)} of {status.Sites.Count} sites reachable");

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>One site's answer: its value (a withheld count marked as suppressed), or why it gave none.</summary>
    public static TablePreview Answer<T>(SiteAnswer<T> answer) =>
        new([new("site", "string"), new("value", TypeNames.Display(typeof(T))), new("status", "string")],
            [[answer.Site, answer.Answered ? Value(answer.Value) : new TableCell("", "failed"), answer.Failure ?? "ok"]], 1);

    private static TableCell Value(object? value) => value is Count { IsLowerBound: true } withheld
        ? Shown(withheld.Display, true)
        : PlainTextFormatter.Format(value);
}
