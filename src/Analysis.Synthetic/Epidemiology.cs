namespace Analysis.Synthetic;

/// <summary>Population-level rates the generator draws from, before site effects.</summary>
/// <remarks>Rounded from large registries and TCGA/GENIE-style cohorts; plausible, not authoritative.</remarks>
public static class Epidemiology
{
    /// <summary>Mean age at diagnosis.</summary>
    public static double MeanAge(CancerType cancer) => cancer switch
    {
        CancerType.Breast => 61,
        CancerType.Colorectal => 67,
        _ => 70,
    };

    /// <summary>Standard deviation of age at diagnosis.</summary>
    public const double AgeSd = 11;

    /// <summary>Probability the patient is female.</summary>
    public static double FemaleRate(CancerType cancer) => cancer switch
    {
        CancerType.Breast => 0.99,
        CancerType.Colorectal => 0.45,
        _ => 0.47,
    };

    /// <summary>Stage I–IV mix at diagnosis in the general population.</summary>
    public static double[] StageMix(CancerType cancer) => cancer switch
    {
        CancerType.Breast => [0.45, 0.33, 0.15, 0.07],
        CancerType.Colorectal => [0.20, 0.28, 0.30, 0.22],
        _ => [0.25, 0.10, 0.22, 0.43],
    };

    /// <summary>Breast: ER positive.</summary>
    public const double ErPositive = 0.75;

    /// <summary>Breast: PR positive given ER positive, and given ER negative (PR rarely without ER).</summary>
    public const double PrGivenEr = 0.82, PrGivenErNegative = 0.10;

    /// <summary>Breast: HER2 positive.</summary>
    public const double Her2Positive = 0.17;

    /// <summary>Overall mutation frequency of each gene per cancer.</summary>
    public static double MutationRate(CancerType cancer, MarkerGene gene) => (cancer, gene) switch
    {
        (CancerType.Breast, MarkerGene.KRAS) => 0.01,
        (CancerType.Breast, MarkerGene.EGFR) => 0.01,
        (CancerType.Breast, MarkerGene.TP53) => 0.30,
        (CancerType.Breast, MarkerGene.PIK3CA) => 0.32,
        (CancerType.Colorectal, MarkerGene.KRAS) => 0.40,
        (CancerType.Colorectal, MarkerGene.EGFR) => 0.02,
        (CancerType.Colorectal, MarkerGene.TP53) => 0.50,
        (CancerType.Colorectal, MarkerGene.PIK3CA) => 0.17,
        (CancerType.Lung, MarkerGene.KRAS) => 0.27,
        (CancerType.Lung, MarkerGene.EGFR) => 0.15,
        (CancerType.Lung, MarkerGene.TP53) => 0.45,
        (CancerType.Lung, MarkerGene.PIK3CA) => 0.04,
        _ => throw new ArgumentOutOfRangeException(nameof(gene)),
    };

    /// <summary>Radiotherapy probability per cancer and stage, before the site multiplier.</summary>
    public static double Radiotherapy(CancerType cancer, int stage) => cancer switch
    {
        CancerType.Breast => stage <= 3 ? 0.6 : 0.3,
        CancerType.Colorectal => 0.08,
        _ => stage == 3 ? 0.7 : stage == 4 ? 0.35 : 0.15,
    };
}
