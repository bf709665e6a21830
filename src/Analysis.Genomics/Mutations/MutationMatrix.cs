using Analysis.Genomics.Maf;
using Deedle;

namespace Analysis.Genomics.Mutations;

/// <summary>
/// Genes by samples: each cell holds the classifications of the counted variants of a gene in a sample (so the count
/// too). Built from MAF records; the basis of gene frequencies, tumour mutational burden and oncoplots.
/// </summary>
/// <example>
/// <code>
/// var matrix = MutationMatrix.From(MafReader.ReadAll("cohort.maf").Records);
/// matrix.Frequencies().Take(10)     // most often mutated genes
/// matrix.Tmb(exomeSizeMb: 38)       // per-sample burden
/// matrix.Oncoplot(top: 20)          // genes and samples in maftools' order
/// </code>
/// </example>
public sealed class MutationMatrix
{
    private static readonly IReadOnlyList<string> NoVariants = [];
    private readonly Dictionary<string, Dictionary<string, List<string>>> _cells;

    private MutationMatrix(IReadOnlyList<string> genes, IReadOnlyList<string> samples, Dictionary<string, Dictionary<string, List<string>>> cells)
    {
        Genes = genes;
        Samples = samples;
        _cells = cells;
    }

    /// <summary>Builds the matrix from MAF records (read once).</summary>
    public static MutationMatrix From(IEnumerable<MafRecord> records, MutationMatrixOptions? options = null)
    {
        options ??= new MutationMatrixOptions();
        var cells = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(options.Samples ?? [], StringComparer.Ordinal);
        foreach (var r in records)
        {
            if (options.Samples is null) seen.Add(r.TumorSampleBarcode);
            else if (!seen.Contains(r.TumorSampleBarcode)) continue;
            if (!options.Classifications.Contains(r.VariantClassification)) continue;
            if (!cells.TryGetValue(r.HugoSymbol, out var row)) cells[r.HugoSymbol] = row = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (!row.TryGetValue(r.TumorSampleBarcode, out var cell)) row[r.TumorSampleBarcode] = cell = [];
            cell.Add(r.VariantClassification);
        }
        return new MutationMatrix([.. cells.Keys.Order(StringComparer.Ordinal)], [.. seen.Order(StringComparer.Ordinal)], cells);
    }

    /// <summary>The genes with at least one counted variant, alphabetically.</summary>
    public IReadOnlyList<string> Genes { get; }

    /// <summary>Every sample, alphabetically.</summary>
    public IReadOnlyList<string> Samples { get; }

    /// <summary>The classifications of the counted variants of <paramref name="gene"/> in <paramref name="sample"/> (empty when none).</summary>
    public IReadOnlyList<string> this[string gene, string sample] =>
        _cells.TryGetValue(gene, out var row) && row.TryGetValue(sample, out var cell) ? cell : NoVariants;

    /// <summary>The number of counted variants of <paramref name="gene"/> in <paramref name="sample"/>.</summary>
    public int Count(string gene, string sample) => this[gene, sample].Count;

    /// <summary>The matrix as a Deedle frame: one row per gene (alphabetical), one column per sample, cells the variant counts (0 when none).</summary>
    public Frame<string, string> ToCountFrame()
    {
        var frame = new FrameBuilder.Columns<string, string>();
        foreach (var sample in Samples)
            frame.Add(sample, new Series<string, int>(Genes, [.. Genes.Select(g => Count(g, sample))]));
        return frame.Frame;
    }

    /// <summary>Every gene's frequency, most often mutated first (then by variant count, then by name).</summary>
    public IReadOnlyList<GeneFrequency> Frequencies() =>
        [.. _cells.Select(g => new GeneFrequency(g.Key, g.Value.Count, Samples.Count, g.Value.Values.Sum(c => c.Count)))
            .OrderByDescending(f => f.MutatedSamples).ThenByDescending(f => f.Variants).ThenBy(f => f.Gene, StringComparer.Ordinal)];

    /// <summary>
    /// Tumour mutational burden of every sample: its counted variants (non-synonymous coding ones by default, see
    /// <see cref="VariantClassifications.NonSynonymous"/>) per megabase of captured exome.
    /// </summary>
    /// <param name="exomeSizeMb">The size of the captured region in Mb; 38 (a typical exome capture) by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exomeSizeMb"/> is not positive.</exception>
    public IReadOnlyList<SampleTmb> Tmb(double exomeSizeMb = 38)
    {
        if (!(exomeSizeMb > 0) || double.IsInfinity(exomeSizeMb)) throw new ArgumentOutOfRangeException(nameof(exomeSizeMb), exomeSizeMb, "the exome size must be a positive number of megabases");
        var counts = Samples.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var row in _cells.Values)
            foreach (var (sample, cell) in row)
                counts[sample] += cell.Count;
        return [.. Samples.Select(s => new SampleTmb(s, counts[s], exomeSizeMb))];
    }

    /// <summary>The data behind an oncoplot of the <paramref name="top"/> most often mutated genes, ordered as maftools' <c>oncoplot</c>.</summary>
    /// <param name="top">How many genes.</param>
    /// <param name="includeNonMutated">Whether samples with none of the top genes mutated are kept (at the end); maftools drops them by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is under 1.</exception>
    public OncoplotData Oncoplot(int top = 20, bool includeNonMutated = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var frequencies = Frequencies().Take(top).ToList();
        var genes = frequencies.Select(f => f.Gene).ToList();
        // maftools' sortByMutation: a 0/1 matrix of the ordered genes, samples sorted by its columns read as keys,
        // mutated first, gene by gene; R's order() is stable, so ties keep the alphabetical sample order.
        var samples = Samples
            .Select(s => (Sample: s, Key: genes.Select(g => this[g, s].Count > 0).ToArray()))
            .Where(x => includeNonMutated || x.Key.Any(m => m))
            .OrderBy(x => x.Key, MutationPatternOrder.Instance)
            .Select(x => x.Sample).ToList();
        var cells = genes.Select(g => (IReadOnlyList<string?>)[.. samples.Select(s => Cell(this[g, s]))]).ToList();
        return new OncoplotData(genes, samples, cells, frequencies, Tmb().ToDictionary(t => t.Sample, t => t.Variants));
    }

    // As maftools' createOncoMatrix since its issue #347: two or more counted variants of a gene in a sample are a
    // Multi_Hit, whether their classifications differ or not (two missense mutations included).
    private static string? Cell(IReadOnlyList<string> classifications) => classifications.Count switch
    {
        0 => null,
        1 => classifications[0],
        _ => VariantClassifications.MultiHit,
    };

    /// <summary>Mutated-first, gene by gene.</summary>
    private sealed class MutationPatternOrder : IComparer<bool[]>
    {
        public static readonly MutationPatternOrder Instance = new();

        public int Compare(bool[]? x, bool[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
                if (x[i] != y![i]) return x[i] ? -1 : 1;
            return 0;
        }
    }
}
