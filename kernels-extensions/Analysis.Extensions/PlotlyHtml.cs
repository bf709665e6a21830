using System.Text;
using Analysis.Kernel.Display;
using Plotly.NET;

namespace Analysis.Extensions;

/// <summary>
/// Renders Plotly.NET charts as HTML that works offline. The first chart of a session carries
/// plotly.js itself (the copy embedded in Plotly.NET, never a CDN); later charts reuse
/// <c>window.Plotly</c>. One instance per kernel session.
/// </summary>
public sealed class PlotlyHtml
{
    private readonly Lock _gate = new();
    private bool _embedded;

    /// <summary>The plotly.js version Plotly.NET ships.</summary>
    public static string PlotlyJsVersion => Library.Value.Version;

    /// <summary>plotly.min.js, as embedded in Plotly.NET.</summary>
    public static string PlotlyJs => Library.Value.Script;

    private static readonly Lazy<(string Version, string Script)> Library = new(() =>
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return (name["Plotly.NET.plotly-".Length..^".min.js".Length], reader.ReadToEnd());
    });

    /// <summary>True once a chart carrying plotly.js has been rendered.</summary>
    public bool LibraryEmbedded
    {
        get { lock (_gate) return _embedded; }
    }

    /// <summary>Makes the next chart carry plotly.js again (after its output was cleared, or in a reopened notebook).</summary>
    public void EmbedAgain()
    {
        lock (_gate) _embedded = false;
    }

    // The HTML and the figure-JSON representations of one display both need the JSON: serialise once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GenericChart, string> Figures = new();

    /// <summary>The chart's figure JSON (data, layout, config), as <c>application/vnd.plotly.v1+json</c> carries it.</summary>
    /// <remarks>Cached per chart object: a chart is not changed after it is built.</remarks>
    public static string FigureJson(GenericChart chart) => Figures.GetValue(chart, GenericChart.toFigureJson);

    /// <summary>The chart as a <c>div</c> and a script that draws it, with plotly.js first if this session has not had it yet.</summary>
    public string Render(GenericChart chart)
    {
        bool carryLibrary;
        lock (_gate)
        {
            carryLibrary = !_embedded;
            _embedded = true;
        }
        var id = "plot-" + Guid.NewGuid().ToString("N")[..12];
        var html = new StringBuilder(64 * 1024);
        if (carryLibrary)
        {
            // Notebook 6 loads RequireJS: with its define() visible, plotly.js would register as an
            // anonymous AMD module instead of setting window.Plotly, so hide it while it loads.
            html.Append("<script ").Append(OutputLimits.LibraryScriptAttribute).Append("=\"plotly.js ").Append(PlotlyJsVersion)
                .Append("\">(function(define,module,exports){").Append(PlotlyJs).Append("\n}).call(window);</script>");
        }
        html.Append("<div id=\"").Append(id).Append("\" class=\"analysis-plot\"></div>");
        html.Append("<script>(function(){var el=document.getElementById('").Append(id).Append("'),fig=")
            .Append(FigureJson(chart).Replace("</", "<\\/"))
            .Append(";if(!el)return;if(!window.Plotly){el.textContent='plotly.js is not loaded in this page (the output that carried it is gone): run #!plotly in a cell that draws a chart.';return;}")
            .Append("window.Plotly.newPlot(el,fig.data,fig.layout,Object.assign({responsive:true,displaylogo:false},fig.config||{}));})();</script>");
        return html.ToString();
    }
}
