namespace Analysis.Synthetic;

/// <summary>
/// What makes one site's cohort differ from another's: who is referred there (age, stage and
/// cancer mix), how they are treated, and how well they are followed up.
/// </summary>
/// <param name="Name">Preset name, or <c>derived:{preset}</c> for profiles made by <see cref="ForSite"/>.</param>
/// <param name="AgeShift">Years added to each cancer's typical age at diagnosis.</param>
/// <param name="StageShift">Tilt of the stage mix: 0 is the population mix, positive means later stages.</param>
/// <param name="BreastWeight">Relative share of breast cancer patients.</param>
/// <param name="ColorectalWeight">Relative share of colorectal cancer patients.</param>
/// <param name="LungWeight">Relative share of lung cancer patients.</param>
/// <param name="SurgeryRate">Probability of surgery for stage I–III (stage IV gets a quarter of it).</param>
/// <param name="RadiotherapyRate">Multiplier on each cancer's usual radiotherapy probability.</param>
/// <param name="ChemotherapyRate">Probability that an indicated chemotherapy is given.</param>
/// <param name="TargetedTherapyRate">Probability that HER2-positive breast cancer gets trastuzumab.</param>
/// <param name="EndocrineTherapyRate">Probability that ER-positive breast cancer gets tamoxifen.</param>
/// <param name="ImmunotherapyRate">Probability that stage IV lung cancer gets pembrolizumab.</param>
/// <param name="LossToFollowUpPerYear">Yearly hazard of losing track of a living patient.</param>
public sealed record SiteProfile(
    string Name,
    double AgeShift,
    double StageShift,
    double BreastWeight,
    double ColorectalWeight,
    double LungWeight,
    double SurgeryRate,
    double RadiotherapyRate,
    double ChemotherapyRate,
    double TargetedTherapyRate,
    double EndocrineTherapyRate,
    double ImmunotherapyRate,
    double LossToFollowUpPerYear)
{
    /// <summary>A university hospital: younger referrals, early stages, full access to new drugs.</summary>
    public static SiteProfile Academic { get; } = new("academic", -3, -0.25, 1.2, 1.0, 1.0, 0.92, 1.0, 0.9, 0.95, 0.9, 0.8, 0.01);

    /// <summary>A general hospital: population-average patients and practice.</summary>
    public static SiteProfile Community { get; } = new("community", 0, 0, 1.0, 1.0, 1.0, 0.85, 0.9, 0.8, 0.8, 0.85, 0.55, 0.03);

    /// <summary>A rural hospital: older patients, later diagnosis, less access to expensive drugs, more loss to follow-up.</summary>
    public static SiteProfile Rural { get; } = new("rural", 4, 0.45, 0.8, 1.1, 1.3, 0.75, 0.7, 0.65, 0.55, 0.8, 0.3, 0.06);

    /// <summary>A centre attached to a screening programme: many early breast and colorectal cancers.</summary>
    public static SiteProfile Screening { get; } = new("screening", 1, -0.6, 1.5, 1.4, 0.6, 0.9, 1.0, 0.85, 0.9, 0.9, 0.6, 0.02);

    /// <summary>The named presets, by <see cref="Name"/>.</summary>
    public static IReadOnlyList<SiteProfile> Presets { get; } = [Academic, Community, Rural, Screening];

    /// <summary>The preset with this name (case-insensitive), or null.</summary>
    public static SiteProfile? Preset(string name) =>
        Presets.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A profile for a site that has none configured: a preset chosen by the site name, with every
    /// parameter nudged by a site-specific amount, so that any two site names give different cohorts
    /// yet the same name always gives the same profile.
    /// </summary>
    public static SiteProfile ForSite(string site)
    {
        var hash = StableHash(site);
        var rng = new Xoshiro256(hash);
        var b = Presets[(int)(hash % (ulong)Presets.Count)];
        double Jitter(double value, double spread) => value + spread * (2 * rng.NextDouble() - 1);
        double Rate(double value) => Math.Clamp(Jitter(value, 0.08), 0.0, 1.0);
        return new SiteProfile(
            $"derived:{b.Name}",
            Jitter(b.AgeShift, 2),
            Jitter(b.StageShift, 0.2),
            Math.Max(0.05, Jitter(b.BreastWeight, 0.3)),
            Math.Max(0.05, Jitter(b.ColorectalWeight, 0.3)),
            Math.Max(0.05, Jitter(b.LungWeight, 0.3)),
            Rate(b.SurgeryRate),
            Math.Max(0, Jitter(b.RadiotherapyRate, 0.1)),
            Rate(b.ChemotherapyRate),
            Rate(b.TargetedTherapyRate),
            Rate(b.EndocrineTherapyRate),
            Rate(b.ImmunotherapyRate),
            Math.Max(0, Jitter(b.LossToFollowUpPerYear, 0.01)));
    }

    /// <summary>The relative share of <paramref name="cancer"/> patients at this site.</summary>
    public double Weight(CancerType cancer) => cancer switch
    {
        CancerType.Breast => BreastWeight,
        CancerType.Colorectal => ColorectalWeight,
        CancerType.Lung => LungWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };

    /// <summary>FNV-1a over the lower-cased UTF-16 name.</summary>
    /// <remarks><see cref="string.GetHashCode()"/> is randomised per process, so it cannot seed anything reproducible.</remarks>
    public static ulong StableHash(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text.ToLowerInvariant())
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
