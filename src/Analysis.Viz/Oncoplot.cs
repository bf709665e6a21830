using Analysis.Genomics.Mutations;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// Oncoplots (as maftools draws them) of a <see cref="MutationMatrix"/>'s <see cref="OncoplotData"/>: genes by samples,
/// each cell coloured by the variant classification (<see cref="VariantClassifications.MultiHit"/> for a gene hit more
/// than once in a sample), the per-sample variant count as bars on top, the share of samples with the gene mutated
/// as bars on the right. The layout, the cells and the frequencies are the genomics library's; this only draws them.
/// </summary>
public static class Oncoplot
{
    /// <summary>Colours of the common MAF classifications; others take palette colours.</summary>
    public static IReadOnlyDictionary<string, string> ClassificationColors { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Missense_Mutation"] = "#009E73", ["Nonsense_Mutation"] = "#D55E00", ["Frame_Shift_Del"] = "#0072B2",
        ["Frame_Shift_Ins"] = "#CC79A7", ["Splice_Site"] = "#E69F00", ["In_Frame_Del"] = "#56B4E9",
        ["In_Frame_Ins"] = "#A6761D", ["Translation_Start_Site"] = "#666666", ["Nonstop_Mutation"] = "#E7298A",
        [VariantClassifications.MultiHit] = "#000000",
    };

    /// <summary>Draws an oncoplot in the data's order: genes top to bottom, samples left to right.</summary>
    /// <param name="data">The oncoplot data, e.g. <c>matrix.Oncoplot(top: 20)</c>.</param>
    /// <param name="title">The chart's title, or null.</param>
    /// <exception cref="ArgumentException">The data has no gene or no sample to draw.</exception>
    public static GenericChart Create(OncoplotData data, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Genes.Count == 0 || data.Samples.Count == 0)
            throw new ArgumentException($"the oncoplot has {data.Genes.Count} genes and {data.Samples.Count} samples: nothing to draw (no counted variants?).", nameof(data));
        string[] genes = [.. data.Genes], samples = [.. data.Samples];
        var cells = genes.SelectMany((gene, g) => samples.Select((sample, s) => (Gene: gene, Sample: sample, Classification: data.Cells[g][s])))
            .Where(c => c.Classification is not null).ToArray();
        var classifications = cells.Select(c => c.Classification!).Distinct(StringComparer.Ordinal)
            .OrderBy(c => c == VariantClassifications.MultiHit).ThenBy(c => c, StringComparer.Ordinal).ToArray();
        var cellSize = Math.Clamp(600 / Math.Max(samples.Length, genes.Length), 3, 18);

        var traces = new List<Trace>();
        foreach (var (classification, k) in classifications.Select((c, k) => (c, k)))
        {
            var these = cells.Where(c => c.Classification == classification).ToArray();
            traces.Add(PlotlyParts.Trace("scatter", ("name", classification.Replace('_', ' ')), ("x", these.Select(c => c.Sample).ToArray()),
                ("y", these.Select(c => c.Gene).ToArray()), ("mode", "markers"),
                ("marker", PlotlyParts.Obj(("symbol", "square"), ("size", cellSize), ("color", ColorOf(classification, k)))),
                ("hovertemplate", "%{y} in %{x}: " + classification + "<extra></extra>")));
        }
        traces.Add(PlotlyParts.Trace("bar", ("name", "mutations per sample"), ("x", samples), ("y", samples.Select(s => data.VariantsPerSample.GetValueOrDefault(s)).ToArray()),
            ("yaxis", "y2"), ("marker", PlotlyParts.Obj(("color", "#777"))), ("showlegend", false), ("hovertemplate", "%{x}: %{y} mutations<extra></extra>")));
        traces.Add(PlotlyParts.Trace("bar", ("name", "samples mutated"), ("y", genes), ("x", data.Frequencies.Select(f => f.Frequency).ToArray()), ("orientation", "h"),
            ("xaxis", "x2"), ("marker", PlotlyParts.Obj(("color", "#777"))), ("showlegend", false), ("hovertemplate", "%{y}: %{x:.0%} of samples<extra></extra>")));

        return PlotlyParts.Chart(traces,
            ("title", title is null ? null : PlotlyParts.Obj(("text", title))),
            ("xaxis", PlotlyParts.Obj(("domain", new[] { 0, 0.82 }), ("type", "category"), ("categoryorder", "array"), ("categoryarray", samples),
                ("showticklabels", samples.Length <= 60), ("tickangle", -90), ("showgrid", false))),
            ("yaxis", PlotlyParts.Obj(("domain", new[] { 0, 0.75 }), ("type", "category"), ("categoryorder", "array"), ("categoryarray", genes),
                ("autorange", "reversed"), ("showgrid", false), ("automargin", true))),
            ("yaxis2", PlotlyParts.Obj(("domain", new[] { 0.78, 1 }), ("anchor", "x"), ("title", PlotlyParts.Obj(("text", "TMB"))))),
            ("xaxis2", PlotlyParts.Obj(("domain", new[] { 0.84, 1 }), ("anchor", "y"), ("tickformat", ".0%"), ("range", new[] { 0, 1 }))),
            ("plot_bgcolor", "#eeeeee"),
            ("legend", PlotlyParts.Obj(("orientation", "h"), ("y", -0.15))),
            ("height", Math.Max(360, 160 + 22 * genes.Length)));
    }

    private static string ColorOf(string classification, int index) =>
        ClassificationColors.TryGetValue(classification, out var c) ? c : Palette.Color(index);
}
