namespace Analysis.Synthetic;

/// <summary>One term of a proportional-hazards model.</summary>
/// <param name="Name">Stable name used in metadata, e.g. <c>stage_III</c>.</param>
/// <param name="Definition">How the value is computed from the record, for whoever checks recovery.</param>
/// <param name="HazardRatio">exp(coefficient): the hazard multiplier per unit of the value.</param>
/// <param name="Value">The covariate's value for a patient.</param>
public sealed record Covariate(string Name, string Definition, double HazardRatio, Func<Presentation, double> Value)
{
    /// <summary>The log hazard ratio.</summary>
    public double Coefficient => Math.Log(HazardRatio);
}

/// <summary>
/// Survival for one cancer: h(t | x) = h0(t) exp(β·x), with Weibull baseline cumulative hazard
/// H0(t) = (t / scale)^shape, t in years since diagnosis.
/// </summary>
/// <param name="Cancer">Which cancer this model is for.</param>
/// <param name="Shape">Weibull shape k (1 is exponential; below 1 means the hazard falls over time).</param>
/// <param name="ScaleYears">Weibull scale: the baseline patient (all covariates 0) has H0 = 1 at this time.</param>
/// <param name="Covariates">The model terms.</param>
public sealed record CancerSurvivalModel(CancerType Cancer, double Shape, double ScaleYears, IReadOnlyList<Covariate> Covariates)
{
    /// <summary>β·x for a patient.</summary>
    public double LinearPredictor(Presentation p)
    {
        var lp = 0.0;
        foreach (var c in Covariates) lp += c.Coefficient * c.Value(p);
        return lp;
    }

    /// <summary>H0(t), t in years.</summary>
    public double BaselineCumulativeHazard(double years) => Math.Pow(years / ScaleYears, Shape);

    /// <summary>A time to death in years, by inverting S(t) = exp(-H0(t) exp(β·x)) at a uniform draw.</summary>
    public double SampleYears(Presentation p, Xoshiro256 rng)
    {
        var e = -Math.Log(rng.NextOpenDouble());
        return ScaleYears * Math.Pow(e / Math.Exp(LinearPredictor(p)), 1 / Shape);
    }
}

/// <summary>The true survival models per cancer, written to metadata so analyses can check what they recover.</summary>
public static class SurvivalModels
{
    /// <summary>Age enters per 10 years above this.</summary>
    public const int ReferenceAge = 60;

    private static IEnumerable<Covariate> Common(double stage2, double stage3, double stage4, double age10) =>
    [
        new("stage_II", "1 if stage group II else 0 (reference: stage I)", stage2, p => p.Stage == 2 ? 1 : 0),
        new("stage_III", "1 if stage group III else 0", stage3, p => p.Stage == 3 ? 1 : 0),
        new("stage_IV", "1 if stage group IV else 0", stage4, p => p.Stage == 4 ? 1 : 0),
        new("age_per_10y", $"(age_at_diagnosis - {ReferenceAge}) / 10", age10, p => (p.Age - ReferenceAge) / 10.0),
    ];

    // Hazard ratios are of the order published for these cancers, tuned so that 5-year overall
    // survival by stage lands near registry figures (e.g. breast I ~95%, IV ~30%; colorectal I ~80%,
    // IV ~14%; lung I ~55%, IV ~3%). Plausible and recoverable, not a reproduction of any one study.

    /// <summary>Breast: late stage, ER-negative and HER2-positive disease without trastuzumab do worse.</summary>
    public static CancerSurvivalModel Breast { get; } = new(CancerType.Breast, 1.2, 90,
    [
        .. Common(2.0, 5.0, 25.0, 1.25),
        new("er_negative", "1 if ER negative else 0", 1.6, p => p.Receptors is { ER: false } ? 1 : 0),
        new("her2_positive_untreated", "1 if HER2 positive and no trastuzumab MedicationRequest else 0", 1.9,
            p => p.Receptors is { HER2: true } && !p.AntiHer2 ? 1 : 0),
    ]);

    /// <summary>Colorectal: KRAS-mutant tumours do worse.</summary>
    public static CancerSurvivalModel Colorectal { get; } = new(CancerType.Colorectal, 1.0, 35,
    [
        .. Common(1.6, 2.8, 10.0, 1.3),
        new("kras_mutant", "1 if KRAS variant Present else 0", 1.4, p => p.Has(MarkerGene.KRAS) ? 1 : 0),
    ]);

    /// <summary>Lung: EGFR-mutant tumours do better, KRAS-mutant worse, men worse.</summary>
    public static CancerSurvivalModel Lung { get; } = new(CancerType.Lung, 0.9, 12,
    [
        .. Common(1.9, 3.0, 6.0, 1.2),
        new("egfr_mutant", "1 if EGFR variant Present else 0", 0.7, p => p.Has(MarkerGene.EGFR) ? 1 : 0),
        new("kras_mutant", "1 if KRAS variant Present else 0", 1.25, p => p.Has(MarkerGene.KRAS) ? 1 : 0),
        new("male", "1 if gender male else 0", 1.2, p => p.Female ? 0 : 1),
    ]);

    /// <summary>The model for <paramref name="cancer"/>.</summary>
    public static CancerSurvivalModel For(CancerType cancer) => cancer switch
    {
        CancerType.Breast => Breast,
        CancerType.Colorectal => Colorectal,
        CancerType.Lung => Lung,
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };
}
