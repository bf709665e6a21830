namespace Analysis.Genomics.Mutations;

/// <summary>One gene's mutation frequency: samples with at least one counted variant over all samples.</summary>
/// <param name="Gene">The HUGO symbol.</param>
/// <param name="MutatedSamples">Samples with a counted variant in the gene.</param>
/// <param name="Samples">All samples of the matrix.</param>
/// <param name="Variants">Counted variants in the gene, over all samples.</param>
public sealed record GeneFrequency(string Gene, int MutatedSamples, int Samples, int Variants)
{
    /// <summary><see cref="MutatedSamples"/> / <see cref="Samples"/>.</summary>
    public double Frequency => Samples == 0 ? 0 : (double)MutatedSamples / Samples;

    /// <inheritdoc />
    public override string ToString() => $"{Gene}: {MutatedSamples}/{Samples} ({Frequency:P1})";
}
