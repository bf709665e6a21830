using Analysis.Genomics.Maf;
using Analysis.Genomics.Mutations;

namespace Analysis.Viz.Tests;

public class ForestPlotTests
{
    [Fact]
    public void Points_and_asymmetric_intervals_on_a_log_axis_with_a_line_at_one()
    {
        EffectEstimate[] rows = [new("Stage II", 1.8, 1.2, 2.7, 0.004), new("Stage III", 3.1, 2.0, 4.9, 0.0001), new("Age (10 y)", 0.95, 0.8, 1.1)];
        var figure = new FigureJson(Charts.Forest(rows));
        var points = figure.Traces[0]!;
        Assert.Equal(rows.Select(r => r.Estimate), FigureJson.Numbers(points["x"]));
        Assert.Equal(rows.Select(r => r.Term), FigureJson.Strings(points["y"]));
        Assert.Equal(rows.Select(r => r.Upper - r.Estimate), FigureJson.Numbers(points["error_x"]!["array"]));
        Assert.Equal(rows.Select(r => r.Estimate - r.Lower), FigureJson.Numbers(points["error_x"]!["arrayminus"]));
        Assert.Equal("log", (string?)figure.Layout["xaxis"]!["type"]);
        var line = figure.Layout["shapes"]![0]!;
        Assert.Equal((1.0, 1.0), (line["x0"]!.GetValue<double>(), line["x1"]!.GetValue<double>()));
        Assert.Contains("p < 0.001", FigureJson.Strings(points["text"])[1]);
        Assert.Contains("p = 0.004", FigureJson.Strings(points["text"])[0]);
    }

    [Fact]
    public void Bad_estimates_name_the_argument_and_row()
    {
        var e = Assert.Throws<ArgumentException>(() => Charts.Forest([new("a", 1, 0.5, 2), new("b", 0, 0, 1)]));
        Assert.Equal("estimates", e.ParamName);
        Assert.Contains("estimates[1]", e.Message);
        Assert.Contains("does not contain", Assert.Throws<ArgumentException>(() => Charts.Forest([new("a", 3, 0.5, 2)])).Message);
        Assert.Equal("estimates", Assert.Throws<ArgumentException>(() => Charts.Forest([new("a", double.NaN, 0.5, 2)])).ParamName);
        Assert.Equal("estimates", Assert.Throws<ArgumentException>(() => Charts.Forest([])).ParamName);
    }
}

public class OncoplotTests
{
    private static MafRecord Variant(string sample, string gene, string classification) => new()
    {
        TumorSampleBarcode = sample, HugoSymbol = gene, VariantClassification = classification, Chromosome = "chr1", StartPosition = 1, EndPosition = 1,
        VariantType = "SNP", ReferenceAllele = "A", TumorSeqAllele2 = "T", Extra = new Dictionary<string, string>(),
    };

    private static readonly MafRecord[] Variants =
    [
        Variant("s1", "TP53", "Missense_Mutation"), Variant("s2", "TP53", "Nonsense_Mutation"), Variant("s3", "TP53", "Missense_Mutation"),
        Variant("s1", "KRAS", "Missense_Mutation"), Variant("s1", "KRAS", "Frame_Shift_Del"), Variant("s4", "PIK3CA", "Missense_Mutation"),
        Variant("s2", "KRAS", "Missense_Mutation"),
    ];

    private static readonly MutationMatrix Matrix = MutationMatrix.From(Variants, new MutationMatrixOptions { Samples = ["s1", "s2", "s3", "s4", "s5"] });

    [Fact]
    public void Cells_coloured_by_classification_with_multi_hits_and_frequency_bars()
    {
        var figure = new FigureJson(Charts.Oncoplot(Matrix.Oncoplot(includeNonMutated: true)));
        var genes = FigureJson.Strings(figure.Layout["yaxis"]!["categoryarray"]);
        Assert.Equal(["TP53", "KRAS", "PIK3CA"], genes); // 3 samples; KRAS 2; PIK3CA 1
        var multi = figure.Trace("Multi Hit");
        Assert.Equal(["s1"], FigureJson.Strings(multi["x"]));
        Assert.Equal(["KRAS"], FigureJson.Strings(multi["y"]));
        Assert.Equal("#000000", (string?)multi["marker"]!["color"]);
        var missense = figure.Trace("Missense Mutation");
        Assert.Equal(Oncoplot.ClassificationColors["Missense_Mutation"], (string?)missense["marker"]!["color"]);
        Assert.Equal(4, missense["x"]!.AsArray().Count); // s1 TP53, s3 TP53, s4 PIK3CA, s2 KRAS

        var frequency = figure.Trace("samples mutated");
        Assert.Equal([3 / 5.0, 2 / 5.0, 1 / 5.0], FigureJson.Numbers(frequency["x"]));
        Assert.Equal("x2", (string?)frequency["xaxis"]);
        var perSample = figure.Trace("mutations per sample");
        var samples = FigureJson.Strings(perSample["x"]);
        Assert.Equal("s5", samples[^1]); // no mutations: last in the waterfall
        Assert.Equal(3, FigureJson.Numbers(perSample["y"])[Array.IndexOf(samples, "s1")]);
        Assert.Equal("y2", (string?)perSample["yaxis"]);
    }

    [Fact]
    public void The_plot_shows_the_matrix_frequencies_and_cells()
    {
        // A silent variant (not counted), a sample mutated only outside the top genes (left out of the plot but in the
        // denominator) and a gene hit twice with one classification (a Multi_Hit, as maftools).
        MafRecord[] variants = [.. Variants, Variant("s5", "TTN", "Silent"), Variant("s6", "ZFHX3", "Missense_Mutation"),
            Variant("s3", "TP53", "Missense_Mutation")];
        var matrix = MutationMatrix.From(variants);
        var data = matrix.Oncoplot(top: 3);
        var figure = new FigureJson(matrix.Plot(top: 3));
        Assert.DoesNotContain("s6", data.Samples);
        Assert.Equal(matrix.Frequencies().Take(3).Select(f => f.Frequency), FigureJson.Numbers(figure.Trace("samples mutated")["x"]));
        Assert.Equal(matrix.Frequencies().Take(3).Select(f => f.Gene), FigureJson.Strings(figure.Layout["yaxis"]!["categoryarray"]));
        Assert.Equal(data.Samples, FigureJson.Strings(figure.Layout["xaxis"]!["categoryarray"]));
        Assert.Equal(data.Samples.Select(s => (double)matrix.Tmb().Single(t => t.Sample == s).Variants), FigureJson.Numbers(figure.Trace("mutations per sample")["y"]));
        var drawn = figure.Traces.Where(t => (string?)t!["type"] == "scatter")
            .SelectMany(t => FigureJson.Strings(t!["x"]).Zip(FigureJson.Strings(t["y"]), (x, y) => (Gene: y, Sample: x, Name: (string)t["name"]!)))
            .ToDictionary(c => (c.Gene, c.Sample), c => c.Name);
        foreach (var gene in data.Genes)
            foreach (var sample in data.Samples)
                Assert.Equal(data[gene, sample]?.Replace('_', ' '), drawn.GetValueOrDefault((gene, sample)));
        Assert.Equal("Multi Hit", drawn[("TP53", "s3")]);
    }

    [Fact]
    public void Bad_data_names_the_argument()
    {
        Assert.Throws<ArgumentNullException>(() => Charts.Oncoplot(null!));
        var silentOnly = MutationMatrix.From([Variant("s1", "TTN", "Silent")]);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => Charts.Oncoplot(silentOnly.Oncoplot())).ParamName);
    }
}

public class SiteBarChartTests
{
    [Fact]
    public void Grouped_bars_per_site_with_suppressed_cells_hatched_and_labelled_never_zero()
    {
        SiteCell[] cells =
        [
            SiteCell.Released("oslo", "I", 40), SiteCell.Released("oslo", "II", 31), SiteCell.Withheld("oslo", "IV"),
            SiteCell.Released("lyon", "I", 22), SiteCell.Withheld("lyon", "II"), SiteCell.Released("lyon", "IV", 9),
        ];
        var figure = new FigureJson(Charts.SiteBars(cells));
        Assert.Equal("group", (string?)figure.Layout["barmode"]);
        Assert.Equal(["I", "II", "IV"], FigureJson.Strings(figure.Layout["xaxis"]!["categoryarray"]));
        var oslo = figure.Trace("oslo");
        Assert.Equal(["I", "II"], FigureJson.Strings(oslo["x"]));
        Assert.Equal([40.0, 31.0], FigureJson.Numbers(oslo["y"]));
        var hidden = figure.Trace("lyon (suppressed)");
        Assert.Equal(["II"], FigureJson.Strings(hidden["x"]));
        Assert.Equal(["<5"], FigureJson.Strings(hidden["text"]));
        Assert.Equal("/", (string?)hidden["marker"]!["pattern"]!["shape"]);
        Assert.All(FigureJson.Numbers(hidden["y"]), y => Assert.Equal(5, y));
        Assert.Equal((string?)figure.Trace("lyon")["offsetgroup"], (string?)hidden["offsetgroup"]);
        Assert.DoesNotContain(figure.Traces, t => FigureJson.Numbers(t!["y"]).Contains(0));
    }

    [Fact]
    public void Histogram_bins_are_labelled_by_their_edges()
    {
        var figure = new FigureJson(Charts.SiteHistogram([new("oslo", 0, 10, 12), new("oslo", 10, 20, null, true, "<5")], "Age"));
        Assert.Equal(["[0, 10)"], FigureJson.Strings(figure.Trace("oslo")["x"]));
        Assert.Equal(["[10, 20)"], FigureJson.Strings(figure.Trace("oslo (suppressed)")["x"]));
    }

    [Fact]
    public void Bad_cells_name_the_argument()
    {
        Assert.Equal("cells", Assert.Throws<ArgumentException>(() => Charts.SiteBars([])).ParamName);
        Assert.Equal("cells", Assert.Throws<ArgumentException>(() => Charts.SiteBars([new("a", "x", double.NaN)])).ParamName);
        Assert.Equal("cells", Assert.Throws<ArgumentException>(() => Charts.SiteBars([new("a", "x", 3, Suppressed: true, Display: "<5")])).ParamName);
        Assert.Equal("cells", Assert.Throws<ArgumentException>(() => Charts.SiteBars([new("a", "x", 3), new("a", "x", 4)])).ParamName);
        Assert.Equal("bins", Assert.Throws<ArgumentException>(() => Charts.SiteHistogram([new("a", 5, 5, 3)])).ParamName);
    }
}

public class ImageSliceViewerTests
{
    [Fact]
    public void Window_maps_centre_minus_half_width_to_black_and_plus_half_to_white_with_square_pixels()
    {
        var pixels = new double[,] { { -1000, 0, 40 }, { 80, 200, 3000 } };
        var figure = new FigureJson(Charts.ImageSlice(pixels, center: 40, width: 80));
        var heatmap = figure.Traces[0]!;
        Assert.Equal("heatmap", (string?)heatmap["type"]);
        var z = heatmap["z"]!.AsArray().Select(FigureJson.Numbers).ToArray();
        Assert.Equal([0, 0, 0.5], z[0]);
        Assert.Equal([1, 1, 1], z[1]);
        Assert.Equal("#000000", (string?)heatmap["colorscale"]![0]![1]);
        Assert.Equal("#ffffff", (string?)heatmap["colorscale"]![1]![1]);
        Assert.Equal("x", (string?)figure.Layout["yaxis"]!["scaleanchor"]);
        Assert.Equal("reversed", (string?)figure.Layout["yaxis"]!["autorange"]);
    }

    [Fact]
    public void Volume_has_a_slider_step_per_slice_carrying_that_slice()
    {
        var volume = new double[3, 2, 2];
        for (int s = 0; s < 3; s++) volume[s, 0, 0] = s * 50;
        var figure = new FigureJson(Charts.VolumeSlices(volume, center: 50, width: 100, start: 1));
        var steps = figure.Layout["sliders"]![0]!["steps"]!.AsArray();
        Assert.Equal(3, steps.Count);
        Assert.Equal(1, figure.Layout["sliders"]![0]!["active"]!.GetValue<int>());
        Assert.Equal([0, 0.5, 1], steps.Select(s => s!["args"]![0]!["z"]![0]![0]![0]!.GetValue<double>()));
        Assert.Equal(0.5, figure.Traces[0]!["z"]![0]![0]!.GetValue<double>());
    }

    [Fact]
    public void Bad_slices_name_the_argument()
    {
        Assert.Equal("pixels", Assert.Throws<ArgumentException>(() => Charts.ImageSlice(new double[0, 0], 0, 1)).ParamName);
        var nan = Assert.Throws<ArgumentException>(() => Charts.ImageSlice(new double[,] { { 1, double.NaN } }, 0, 1));
        Assert.Equal("pixels", nan.ParamName);
        Assert.Contains("[0, 1]", nan.Message);
        Assert.Equal("width", Assert.Throws<ArgumentException>(() => Charts.ImageSlice(new double[,] { { 1 } }, 0, 0)).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentException>(() => Charts.VolumeSlices(new double[2, 1, 1], 0, 1, start: 2)).ParamName);
    }
}
