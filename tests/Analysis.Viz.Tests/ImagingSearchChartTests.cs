using Analysis.Contracts;
using Analysis.Federation;

namespace Analysis.Viz.Tests;

/// <summary>The chart of a federated imaging search: subjects and studies per site, a withheld site drawn as "&lt;5", never 0.</summary>
public class ImagingSearchChartTests
{
    [Fact]
    public void Subjects_and_studies_per_site_with_a_withheld_site_drawn_as_its_marker()
    {
        var oslo = new ImagingCount(Count.Of(ReleasedCell.Shown(40)), Count.Of(ReleasedCell.Shown(45)));
        var lyon = new ImagingCount(Count.Of(ReleasedCell.Suppressed(5)), Count.Of(ReleasedCell.Suppressed(5)));
        var total = new ImagingCount(Count.Sum([oslo.Subjects, lyon.Subjects]), Count.Sum([oslo.Studies, lyon.Studies]));
        var result = new Federated<ImagingCount>(total, [new("oslo", true, 40, null), new("lyon", true, null, null)], [],
            [new SiteAnswer<ImagingCount>("oslo", oslo, null), new SiteAnswer<ImagingCount>("lyon", lyon, null)]);
        var figure = new FigureJson(result.Plot());
        Assert.Equal(["subjects", "studies"], FigureJson.Strings(figure.Layout["xaxis"]!["categoryarray"]));
        Assert.Equal([40.0, 45.0], FigureJson.Numbers(figure.Trace("oslo")["y"]));
        var hidden = figure.Trace("lyon (suppressed)");
        Assert.Equal(["<5", "<5"], FigureJson.Strings(hidden["text"]));
        Assert.DoesNotContain(figure.Traces, t => FigureJson.Numbers(t!["y"]).Contains(0));
        Assert.Contains("≥40 subjects", (string?)figure.Layout["title"]!["text"]);
    }
}
