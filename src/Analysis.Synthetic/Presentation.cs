namespace Analysis.Synthetic;

/// <summary>The facts at diagnosis and first-line treatment that the survival model conditions on.</summary>
/// <param name="Cancer">Primary cancer.</param>
/// <param name="Age">Whole years at diagnosis.</param>
/// <param name="Female">Sex.</param>
/// <param name="Stage">Stage group 1 to 4.</param>
/// <param name="Receptors">Breast receptors, null for other cancers.</param>
/// <param name="Mutated">Driver status per <see cref="MarkerGene"/>.</param>
/// <param name="AntiHer2">True when trastuzumab was given.</param>
public readonly record struct Presentation(
    CancerType Cancer, int Age, bool Female, int Stage, Receptors? Receptors, bool[] Mutated, bool AntiHer2)
{
    /// <summary>True when <paramref name="gene"/> is mutated.</summary>
    public bool Has(MarkerGene gene) => Mutated[(int)gene];
}
