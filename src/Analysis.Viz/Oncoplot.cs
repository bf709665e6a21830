using Plotly.NET;

namespace Analysis.Viz;

/// <summary>One mutation of one gene in one sample, as a MAF row gives it.</summary>
/// <param name="Sample">The sample (tumour barcode).</param>
/// <param name="Gene">The gene symbol (MAF <c>Hugo_Symbol</c>).</param>
/// <param name="Classification">The variant classification (MAF <c>Variant_Classification</c>, e.g. Missense_Mutation).</param>
public sealed record MutationCall(string Sample, string Gene, string Classification);

/// <summary>
/// Oncoplots (as maftools draws them): genes by samples, each cell coloured by the variant
/// classification ("Multi_Hit" for a gene hit more than once in a sample), the per-sample
/// mutation count as bars on top, the share of samples with the gene mutated as bars on the right.
/// </summary>
public static class Oncoplot
{
    /// <summary>The label of a cell where a gene has more than one mutation in a sample.</summary>
    public const string MultiHit = "Multi_Hit";

    /// <summary>Colours of the common MAF classifications; others take palette colours.</summary>
    public static IReadOnlyDictionary<string, string> ClassificationColors { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Missense_Mutation"] = "#009E73", ["Nonsense_Mutation"] = "#D55E00", ["Frame_Shift_Del"] = "#0072B2",
        ["Frame_Shift_Ins"] = "#CC79A7", ["Splice_Site"] = "#E69F00", ["In_Frame_Del"] = "#56B4E9",
        ["In_Frame_Ins"] = "#A6761D", ["Translation_Start_Site"] = "#666666", ["Nonstop_Mutation"] = "#E7298A", [MultiHit] = "#000000",
    };

    /// <summary>Draws the <paramref name="topGenes"/> most frequently mutated genes.</summary>
    /// <param name="calls">The mutations.</param>
    /// <param name="samples">Every sample in the cohort, including those without mutations (they count in the frequencies); null for the samples in <paramref name="calls"/>.</param>
    /// <param name="topGenes">How many genes to show, most frequent first.</param>
    /// <param name="title">The chart's title, or null.</param>
    /// <exception cref="ArgumentException">No calls, a call with an empty field, or a call whose sample is not in <paramref name="samples"/>.</exception>
    public static GenericChart Create(IEnumerable<MutationCall> calls, IEnumerable<string>? samples = null, int topGenes = 20, string? title = null)
    {
        var all = Require.NotEmpty(calls, nameof(calls));
        ArgumentOutOfRangeException.ThrowIfLessThan(topGenes, 1);
        for (int i = 0; i < all.Length; i++)
            if (string.IsNullOrWhiteSpace(all[i].Sample) || string.IsNullOrWhiteSpace(all[i].Gene) || string.IsNullOrWhiteSpace(all[i].Classification))
                throw new ArgumentException($"calls[{i}] has an empty Sample, Gene or Classification.", nameof(calls));
        var cohort = (samples?.ToArray() ?? all.Select(c => c.Sample).Distinct().ToArray());
        var known = cohort.ToHashSet(StringComparer.Ordinal);
        if (all.FirstOrDefault(c => !known.Contains(c.Sample)) is { } stray)
            throw new ArgumentException($"calls name sample '{stray.Sample}', which is not in samples.", nameof(samples));

        var matrix = MutationMatrix.From(all, cohort, topGenes);
        var traces = new List<Trace>();
        foreach (var (classification, k) in matrix.Classifications.Select((c, k) => (c, k)))
        {
            var cells = matrix.Cells.Where(c => c.Classification == classification).ToArray();
            traces.Add(PlotlyParts.Trace("scatter", ("name", classification.Replace('_', ' ')), ("x", cells.Select(c => c.Sample).ToArray()),
                ("y", cells.Select(c => c.Gene).ToArray()), ("mode", "markers"),
                ("marker", PlotlyParts.Obj(("symbol", "square"), ("size", matrix.CellSize), ("color", ColorOf(classification, k)))),
                ("hovertemplate", "%{y} in %{x}: " + classification + "<extra></extra>")));
        }
        traces.Add(PlotlyParts.Trace("bar", ("name", "mutations per sample"), ("x", matrix.Samples), ("y", matrix.SampleCounts),
            ("yaxis", "y2"), ("marker", PlotlyParts.Obj(("color", "#777"))), ("showlegend", false), ("hovertemplate", "%{x}: %{y} mutations<extra></extra>")));
        traces.Add(PlotlyParts.Trace("bar", ("name", "samples mutated"), ("y", matrix.Genes), ("x", matrix.GeneFrequencies), ("orientation", "h"),
            ("xaxis", "x2"), ("marker", PlotlyParts.Obj(("color", "#777"))), ("showlegend", false), ("hovertemplate", "%{y}: %{x:.0%} of samples<extra></extra>")));

        return PlotlyParts.Chart(traces,
            ("title", title is null ? null : PlotlyParts.Obj(("text", title))),
            ("xaxis", PlotlyParts.Obj(("domain", new[] { 0, 0.82 }), ("type", "category"), ("categoryorder", "array"), ("categoryarray", matrix.Samples),
                ("showticklabels", matrix.Samples.Length <= 60), ("tickangle", -90), ("showgrid", false))),
            ("yaxis", PlotlyParts.Obj(("domain", new[] { 0, 0.75 }), ("type", "category"), ("categoryorder", "array"), ("categoryarray", matrix.Genes),
                ("autorange", "reversed"), ("showgrid", false), ("automargin", true))),
            ("yaxis2", PlotlyParts.Obj(("domain", new[] { 0.78, 1 }), ("anchor", "x"), ("title", PlotlyParts.Obj(("text", "TMB"))))),
            ("xaxis2", PlotlyParts.Obj(("domain", new[] { 0.84, 1 }), ("anchor", "y"), ("tickformat", ".0%"), ("range", new[] { 0, 1 }))),
            ("plot_bgcolor", "#eeeeee"),
            ("legend", PlotlyParts.Obj(("orientation", "h"), ("y", -0.15))),
            ("height", Math.Max(360, 160 + 22 * matrix.Genes.Length)));
    }

    private static string ColorOf(string classification, int index) =>
        ClassificationColors.TryGetValue(classification, out var c) ? c : Palette.Color(index);
}

/// <summary>The genes-by-samples cells of an oncoplot, with the genes and samples in drawing order.</summary>
internal sealed record MutationMatrix(string[] Genes, string[] Samples, MutationMatrix.Cell[] Cells, string[] Classifications,
    int[] SampleCounts, double[] GeneFrequencies, int CellSize)
{
    /// <summary>One coloured cell.</summary>
    public sealed record Cell(string Gene, string Sample, string Classification);

    public static MutationMatrix From(MutationCall[] calls, string[] cohort, int topGenes)
    {
        var byGene = calls.GroupBy(c => c.Gene, StringComparer.Ordinal)
            .Select(g => (Gene: g.Key, Samples: g.Select(c => c.Sample).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(g => g.Samples).ThenBy(g => g.Gene, StringComparer.Ordinal).Take(topGenes).ToArray();
        var genes = byGene.Select(g => g.Gene).ToArray();
        var shown = genes.ToHashSet(StringComparer.Ordinal);
        var cells = calls.Where(c => shown.Contains(c.Gene))
            .GroupBy(c => (c.Gene, c.Sample))
            .Select(g => new Cell(g.Key.Gene, g.Key.Sample, g.Count() > 1 ? Oncoplot.MultiHit : g.First().Classification))
            .ToArray();
        // Waterfall order: samples sorted by whether they carry the first gene, then the second, ...
        var hit = cells.ToLookup(c => c.Sample, c => Array.IndexOf(genes, c.Gene), StringComparer.Ordinal);
        var order = cohort.OrderBy(s => s, Comparer<string>.Create((a, b) => Waterfall(hit[a], hit[b], genes.Length)))
            .ThenBy(s => s, StringComparer.Ordinal).ToArray();
        var perSample = calls.GroupBy(c => c.Sample, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var classifications = cells.Select(c => c.Classification).Distinct(StringComparer.Ordinal)
            .OrderBy(c => c == Oncoplot.MultiHit).ThenBy(c => c, StringComparer.Ordinal).ToArray();
        return new MutationMatrix(genes, order, cells, classifications,
            order.Select(s => perSample.GetValueOrDefault(s)).ToArray(),
            byGene.Select(g => (double)g.Samples / cohort.Length).ToArray(),
            Math.Clamp(600 / Math.Max(order.Length, genes.Length), 3, 18));
    }

    private static int Waterfall(IEnumerable<int> a, IEnumerable<int> b, int genes)
    {
        var sa = a.ToHashSet();
        var sb = b.ToHashSet();
        for (int g = 0; g < genes; g++)
        {
            if (sa.Contains(g) != sb.Contains(g)) return sa.Contains(g) ? -1 : 1;
        }
        return 0;
    }
}
