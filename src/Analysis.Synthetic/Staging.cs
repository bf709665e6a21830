namespace Analysis.Synthetic;

/// <summary>A TNM classification with its stage group (I to IV, as 1 to 4).</summary>
/// <param name="T">Primary tumour category 1 to 4.</param>
/// <param name="N">Regional node category 0 to 3.</param>
/// <param name="M">Distant metastasis 0 or 1.</param>
/// <param name="Stage">Stage group 1 to 4.</param>
public readonly record struct Tnm(int T, int N, int M, int Stage)
{
    /// <summary>T as the contract codes it, e.g. "T2".</summary>
    public string TCode => $"T{T}";

    /// <summary>N as the contract codes it, e.g. "N0".</summary>
    public string NCode => $"N{N}";

    /// <summary>M as the contract codes it, "M0" or "M1".</summary>
    public string MCode => $"M{M}";

    /// <summary>Stage group as the contract codes it, "I" to "IV".</summary>
    public string StageCode => Staging.Roman(Stage);
}

/// <summary>
/// A simplified staging rule shared by all three cancers, so that stage group and TNM always agree.
/// </summary>
/// <remarks>
/// Real AJCC 8th edition tables differ per cancer (and breast uses biomarkers too). Analyses of
/// synthetic data only need a rule that is consistent and checkable, so we use one table:
/// M1 → IV; otherwise N2–N3 or T4 → III; otherwise N1 or T3 → II; otherwise (T1–T2, N0) → I.
/// </remarks>
public static class Staging
{
    /// <summary>The stage group the rule assigns to a T, N and M.</summary>
    public static int StageOf(int t, int n, int m) =>
        m == 1 ? 4 : n >= 2 || t == 4 ? 3 : n == 1 || t == 3 ? 2 : 1;

    /// <summary>"I", "II", "III" or "IV".</summary>
    public static string Roman(int stage) => stage switch
    {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <summary>Draws a T, N and M that the rule maps to <paramref name="stage"/>.</summary>
    public static Tnm Draw(int stage, Xoshiro256 rng)
    {
        // Rejection sampling from plausible marginals keeps every combination the rule allows
        // reachable, without a hand-written list per stage that could drift from StageOf.
        ReadOnlySpan<double> tWeights = [0.35, 0.35, 0.18, 0.12];
        ReadOnlySpan<double> nWeights = [0.45, 0.30, 0.17, 0.08];
        var m = stage == 4 ? 1 : 0;
        while (true)
        {
            var t = 1 + rng.Pick(tWeights);
            var n = rng.Pick(nWeights);
            if (StageOf(t, n, m) == stage) return new Tnm(t, n, m, stage);
        }
    }
}
