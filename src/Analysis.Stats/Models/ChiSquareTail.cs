using MathNet.Numerics;

namespace Analysis.Stats;

/// <summary>Upper tail of the chi-square distribution, accurate for tiny p-values (1 − CDF would round to 0).</summary>
internal static class ChiSquareTail
{
    public static double Of(int degreesOfFreedom, double statistic) =>
        statistic <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, statistic / 2);
}
