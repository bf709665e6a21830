using Analysis.Federation;
using Analysis.Imaging.Pixels;
using Analysis.Kernel.Display;
using Analysis.ML.Torch;
using Analysis.Stats;

namespace Analysis.Extensions.Tests;

/// <summary>How statistics, federated results, images, tensors and metrics look in a notebook.</summary>
public sealed class DomainFormatterTests
{
    private static readonly FormatterRegistry Registry =
        DomainFormatters.AddTo(AnalysisFormatters.AddTo(DefaultFormatters.AddTo(new FormatterRegistry()), new PlotlyHtml()));

    private static MimeBundle Format(object value) => Registry.Format(value);

    private static string Html(object value) => Format(value).Data[MimeTypes.Html].GetValue<string>();

    private static CoxResult Cox()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 80).Select(_ => (Time: (double)random.Next(1, 900), Died: random.Next(2) == 1 ? 1.0 : 0.0, Age: 40.0 + random.Next(40))).ToList();
        return CoxModel.Cox(ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["time"] = [.. rows.Select(r => (object?)r.Time)], ["status"] = [.. rows.Select(r => (object?)r.Died)], ["age"] = [.. rows.Select(r => (object?)r.Age)],
        }), "time", "status", ["age"]);
    }

    [Fact]
    public void A_statistics_result_shows_its_rows_and_its_tests()
    {
        var cox = Cox();
        var html = Html(cox);
        Assert.Contains("<th", html);
        Assert.Contains("HazardRatio", html);
        Assert.Contains(cox["age"].HazardRatio.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)[..4], html);
        Assert.Contains("likelihood ratio test", html);
        Assert.Equal(cox.ToString(), Format(cox).PlainText);
    }

    [Fact]
    public void A_federated_result_shows_which_sites_took_part_and_its_caveats()
    {
        var federated = new Federated<CoxResult>(Cox(),
            [new SiteContribution("oslo", true, 80, null), new SiteContribution("lyon", false, null, "refused: the cell sex = male and died covers fewer than 5 patients")],
            ["the model was fitted without lyon"]);
        var html = Html(federated);
        Assert.Contains("HazardRatio", html);
        Assert.Contains("1 of 2 included", html);
        Assert.Contains("refused: the cell sex = male and died covers fewer than 5 patients", html);
        Assert.Contains("<li>the model was fitted without lyon</li>", html);
        Assert.Contains("lyon: left out (refused", Format(federated).PlainText);
    }

    [Fact]
    public void A_federated_result_that_is_a_table_shows_its_rows_and_sites()
    {
        var frequencies = new MutationFrequencies(120, [new CarrierFrequency("TP53", new Count(40, false, "40"), 120, []), new CarrierFrequency("KRAS", new Count(0, true, "<5"), 120, ["oslo"])]);
        var federated = new Federated<MutationFrequencies>(frequencies, [new SiteContribution("oslo", true, 120, null)], ["carriers under a site's cell threshold were withheld for KRAS"]);
        var html = Html(federated);
        Assert.Contains("TP53", html);
        Assert.Contains("<li>carriers under a site&#39;s cell threshold were withheld for KRAS</li>", html);
        Assert.Contains("Sites: 1 of 1 included", html);
    }

    [Fact]
    public void A_pixel_array_shows_as_a_png_of_its_first_frame()
    {
        var pixels = new PixelArray<float>([.. Enumerable.Range(0, 2 * 4 * 5).Select(i => (float)i)], 2, 4, 5, 1, "MONOCHROME2");
        var png = Convert.FromBase64String(Format(pixels).Data["image/png"]!.GetValue<string>());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        // IHDR width and height, big-endian, right after the 8-byte signature and the chunk's length and type.
        Assert.Equal(5, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
        Assert.Equal(4, (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
    }

    [Fact]
    public void A_tensor_shows_its_shape_dtype_device_and_first_values()
    {
        using var tensor = Tensors.FromArray([.. Enumerable.Range(0, 30).Select(i => i / 4f)], [5, 6]);
        var text = Format(tensor).PlainText!;
        Assert.StartsWith("tensor [5, 6] Float32 on cpu", text);
        Assert.Contains("[0, 0.25, 0.5, 0.75, 1,", text);
        Assert.EndsWith(", …]", text);
        Assert.Equal(DomainFormatters.TensorPreviewValues, text.Split('\n')[1].Split(", ").Length - 1);
    }

    [Fact]
    public void Metrics_show_as_a_table_of_scores()
    {
        var metrics = BinaryMetrics.Compute([true, false, true, false, true], [0.9, 0.2, 0.7, 0.4, 0.3]);
        var html = Html(metrics);
        Assert.Contains("<td>auc</td>", html.Replace(" class=\"\"", ""));
        Assert.Contains(metrics.Auc.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), html);
    }
}
