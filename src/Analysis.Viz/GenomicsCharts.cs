using Analysis.Genomics.Mutations;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary><c>.Plot()</c> for the genomics results: the oncoplot of a mutation matrix.</summary>
public static class GenomicsCharts
{
    /// <summary>The oncoplot: genes by samples in the data's order (maftools' sorting), coloured by variant classification, with frequency bars.</summary>
    /// <param name="data">The oncoplot data (<c>matrix.Oncoplot(top)</c>).</param>
    /// <param name="title">The chart title.</param>
    /// <exception cref="ArgumentException">The data has no gene or no sample to draw.</exception>
    public static GenericChart Plot(this OncoplotData data, string? title = null) =>
        Viz.Oncoplot.Create(data, title ?? (data is null ? null : $"Oncoplot: top {data.Genes.Count} genes, {data.Samples.Count} samples"));

    /// <summary>The oncoplot of the <paramref name="top"/> most frequently mutated genes.</summary>
    /// <param name="matrix">The mutation matrix.</param>
    /// <param name="top">How many genes.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart Plot(this MutationMatrix matrix, int top = 20, string? title = null) => matrix.Oncoplot(top).Plot(title);
}
