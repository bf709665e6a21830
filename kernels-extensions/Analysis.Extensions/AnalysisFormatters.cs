using System.Reflection;
using System.Text.Json.Nodes;
using Analysis.Federation;
using Analysis.Kernel.Display;
using Apache.Arrow;
using Deedle;
using Hl7.Fhir.Model;
using Plotly.NET;
using Count = Analysis.Federation.Count;

namespace Analysis.Extensions;

/// <summary>The formatters the Analysis libraries need, for any <see cref="FormatterRegistry"/>.</summary>
public static class AnalysisFormatters
{
    /// <summary>The MIME type of a Plotly figure (JupyterLab and VS Code render it natively).</summary>
    public const string PlotlyMime = "application/vnd.plotly.v1+json";

    /// <summary>
    /// Registers: Plotly charts (text/html carrying plotly.js once, through <paramref name="plotly"/>,
    /// and the figure JSON); Deedle frames and series, Arrow record batches and tables (paged
    /// HTML tables with column types); FHIR resources (a summary card); federated counts, Beacon answers,
    /// statuses and site answers (per-site tables with suppressed cells marked); the live status of
    /// <c>fed.Sites</c>; statistics results (their table and tests) and federated results (the pooled
    /// result, how each site took part, and the caveats).
    /// </summary>
    public static FormatterRegistry AddTo(FormatterRegistry registry, PlotlyHtml plotly) => registry
        .Register<GenericChart>(MimeTypes.Html, plotly.Render)
        .RegisterJson<GenericChart>(PlotlyMime, chart => JsonNode.Parse(PlotlyHtml.FigureJson(chart)))
        .Register(typeof(Frame<,>), MimeTypes.Html, frame => Html(Generic<TablePreview>(nameof(TablePreviews.Frame), frame)))
        .Register(typeof(Series<,>), MimeTypes.Html, series => Html(Generic<TablePreview>(nameof(TablePreviews.Series), series)))
        // The default text/plain would walk every property (and so every row) of a frame.
        .Register(typeof(Frame<,>), MimeTypes.PlainText, frame => JsonValue.Create(Generic<string>(nameof(TablePreviews.FrameText), frame)))
        .Register(typeof(Series<,>), MimeTypes.PlainText, series => JsonValue.Create(Generic<string>(nameof(TablePreviews.SeriesText), series)))
        .Register<RecordBatch>(MimeTypes.Html, b => PagedHtmlTable.Render(TablePreviews.RecordBatch(b)))
        .Register<Apache.Arrow.Table>(MimeTypes.Html, t => PagedHtmlTable.Render(TablePreviews.Table(t)))
        .Register<Resource>(MimeTypes.Html, FhirCard.Render)
        .RegisterJson<Resource>(MimeTypes.Json, r => JsonNode.Parse(FhirCard.Json(r)))
        .Register<FederationStatus>(MimeTypes.Html, s => PagedHtmlTable.Render(FederationTables.Status(s)))
        .Register(typeof(SiteAnswer<>), MimeTypes.Html, a => Html(Generic<TablePreview>(nameof(FederationTables.Answer), a, typeof(FederationTables))))
        // Showing fed.Sites asks every node for its status (each within the site timeout).
        .Register<FederationSites>(MimeTypes.Html, s => PagedHtmlTable.Render(FederationTables.Status(s.StatusAsync().GetAwaiter().GetResult())))
        .Register<FederationSites>(MimeTypes.PlainText, s => s.ToString())
        .Register<Analysis.Stats.ITabular>(MimeTypes.Html, StatisticsTables.Result)
        .Register<Analysis.Stats.ITabular>(MimeTypes.PlainText, r => r.ToString())
        .Register(typeof(Federated<>), MimeTypes.Html, f => Federated(f) is { } html ? JsonValue.Create(html) : null)
        .Register(typeof(Federated<>), MimeTypes.PlainText, f => JsonValue.Create(f.ToString()))
        // Registered after the open generic, so these win for their results.
        .Register<Federated<Count>>(MimeTypes.Html, c => PagedHtmlTable.Render(FederationTables.Count(c)))
        .Register<Federated<BeaconAnswer>>(MimeTypes.Html, b => PagedHtmlTable.Render(FederationTables.Beacon(b)));

    /// <summary>A federated statistic (any result that is a table) with its sites and caveats; null for other results, which have their own formatters.</summary>
    private static string? Federated(object federated) =>
        typeof(Analysis.Stats.ITabular).IsAssignableFrom(GenericArguments(federated.GetType())[0])
            ? Generic<string>(nameof(StatisticsTables.Federated), federated, typeof(StatisticsTables))
            : null;

    private static JsonNode Html(TablePreview preview) => JsonValue.Create(PagedHtmlTable.Render(preview));

    /// <summary>Calls the generic preview method for the value's closed generic type arguments.</summary>
    private static T Generic<T>(string method, object value, Type? owner = null)
    {
        var arguments = GenericArguments(value.GetType());
        var target = (owner ?? typeof(TablePreviews)).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(arguments);
        return (T)target.Invoke(null, [value])!;
    }

    private static Type[] GenericArguments(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.IsGenericType) return t.GetGenericArguments();
        throw new ArgumentException($"{type} is not generic.");
    }
}
