namespace Analysis.Genomics.Mutations;

/// <summary>What an oncoplot draws: genes (rows, most often mutated first), samples (columns, sorted by mutation pattern) and the cells.</summary>
/// <param name="Genes">The top genes, in plot order.</param>
/// <param name="Samples">The samples, in plot order.</param>
/// <param name="Cells">Per gene (row), per sample (column): the classification, <see cref="VariantClassifications.MultiHit"/>, or null.</param>
/// <param name="Frequencies">The genes' frequencies, in plot order (the bar on the right).</param>
/// <param name="VariantsPerSample">Counted variants per sample, over all genes (the bar on top).</param>
public sealed record OncoplotData(
    IReadOnlyList<string> Genes, IReadOnlyList<string> Samples, IReadOnlyList<IReadOnlyList<string?>> Cells,
    IReadOnlyList<GeneFrequency> Frequencies, IReadOnlyDictionary<string, int> VariantsPerSample)
{
    /// <summary>The cell of <paramref name="gene"/> and <paramref name="sample"/>.</summary>
    /// <exception cref="KeyNotFoundException">The gene or sample is not in the plot.</exception>
    public string? this[string gene, string sample]
    {
        get
        {
            var g = Genes.ToList().IndexOf(gene);
            var s = Samples.ToList().IndexOf(sample);
            if (g < 0 || s < 0) throw new KeyNotFoundException($"'{gene}' x '{sample}' is not in the oncoplot");
            return Cells[g][s];
        }
    }
}
