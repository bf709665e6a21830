using System.Text.Json.Nodes;
using Analysis.Kernel.Display;
using Analysis.Viz;

namespace Analysis.Extensions.Tests;

public class ChartFormatterTests
{
    private static readonly SurvivalSeries Curve = new("all", [10, 20, 30], [0.9, 0.8, 0.7], [0.8, 0.7, 0.6], [0.95, 0.9, 0.8], [10, 9, 8], [0, 1, 0]);

    private static FormatterRegistry Registry() => AnalysisFormatters.AddTo(DefaultFormatters.AddTo(new FormatterRegistry()), new PlotlyHtml());

    private static int Count(string text, string part)
    {
        int n = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>The HTML with the embedded library removed: what the formatter itself wrote.</summary>
    private static string OwnMarkup(string html)
    {
        int start = html.IndexOf("<script " + OutputLimits.LibraryScriptAttribute, StringComparison.Ordinal);
        if (start < 0) return html;
        int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return html[..start] + html[end..];
    }

    [Fact]
    public void Plotly_js_is_embedded_in_the_first_chart_of_a_registry_only_and_nothing_points_off_line()
    {
        var registry = Registry();
        var first = registry.Format(Charts.KaplanMeier([Curve])).Data[MimeTypes.Html].GetValue<string>();
        var second = registry.Format(Charts.KaplanMeier([Curve])).Data[MimeTypes.Html].GetValue<string>();
        var signature = PlotlyHtml.PlotlyJs[..200];
        Assert.Equal(1, Count(first, signature));
        Assert.Equal(0, Count(second, signature));
        Assert.Contains("plotly.js v" + PlotlyHtml.PlotlyJsVersion, PlotlyHtml.PlotlyJs[..300]);
        Assert.True(PlotlyHtml.PlotlyJs.Length > 1_000_000);
        foreach (var html in new[] { OwnMarkup(first), second })
        {
            Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Plotly.newPlot", html);
        }
        // A new session (registry) needs the library again.
        var other = Registry().Format(Charts.KaplanMeier([Curve])).Data[MimeTypes.Html].GetValue<string>();
        Assert.Equal(1, Count(other, signature));
    }

    [Fact]
    public void The_first_chart_passes_the_output_limit_because_the_library_does_not_count()
    {
        var bundle = Registry().Format(Charts.KaplanMeier([Curve])).Truncate(OutputLimits.DefaultMaxCharacters);
        Assert.True(bundle.Data.ContainsKey(MimeTypes.Html));
        var huge = new MimeBundle().With(MimeTypes.Html, new string('x', OutputLimits.DefaultMaxCharacters + 1)).Truncate(OutputLimits.DefaultMaxCharacters);
        Assert.False(huge.Data.ContainsKey(MimeTypes.Html));
    }

    [Fact]
    public void Plotly_json_is_the_figure_with_its_traces_and_layout()
    {
        var chart = Charts.Forest([new EffectEstimate("Stage II", 1.8, 1.2, 2.7)]);
        var figure = Registry().Format(chart).Data[AnalysisFormatters.PlotlyMime].AsObject();
        Assert.Equal("scatter", (string?)figure["data"]![0]!["type"]);
        Assert.Equal("log", (string?)figure["layout"]!["xaxis"]!["type"]);
        Assert.Equal(JsonNode.Parse(PlotlyHtml.FigureJson(chart))!.ToJsonString(), figure.ToJsonString());
    }

    [Fact]
    public void Embed_again_makes_the_next_chart_carry_the_library()
    {
        var plotly = new PlotlyHtml();
        Assert.Contains(OutputLimits.LibraryScriptAttribute, plotly.Render(Charts.KaplanMeier([Curve])));
        Assert.DoesNotContain(OutputLimits.LibraryScriptAttribute, plotly.Render(Charts.KaplanMeier([Curve])));
        plotly.EmbedAgain();
        Assert.Contains(OutputLimits.LibraryScriptAttribute, plotly.Render(Charts.KaplanMeier([Curve])));
    }

    [Fact]
    public void Png_images_display_through_their_declared_convention_formatter()
    {
        var image = PngImage.FromGray(new byte[,] { { 0, 255 } });
        var bundle = new FormatterRegistry().Format(image);
        Assert.Equal(image.ToBase64(), bundle.Data[MimeTypes.Png].GetValue<string>());
        // A registration for the type overrides the convention.
        var overridden = new FormatterRegistry().Register<PngImage>(MimeTypes.Png, _ => "mine").Format(image);
        Assert.Equal("mine", overridden.Data[MimeTypes.Png].GetValue<string>());
    }
}
