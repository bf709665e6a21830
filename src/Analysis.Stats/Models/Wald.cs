using MathNet.Numerics.Distributions;

namespace Analysis.Stats;

/// <summary>Wald inference for one coefficient of a fit: standard error, ratio scale, confidence limits and test.</summary>
internal readonly record struct Wald(string Term, double Coefficient, double StandardError, double Ratio, double Lower, double Upper, double Z, double PValue)
{
    public static Wald[] Of(NewtonFit fit, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidenceLevel) / 2);
        return fit.Columns.Select((term, j) =>
        {
            var coefficient = fit.Beta[j];
            var se = Math.Sqrt(fit.Covariance[j][j]);
            var statistic = coefficient / se;
            return new Wald(term, coefficient, se, Math.Exp(coefficient), Math.Exp(coefficient - z * se), Math.Exp(coefficient + z * se),
                statistic, 2 * Normal.CDF(0, 1, -Math.Abs(statistic)));
        }).ToArray();
    }

    /// <summary>Likelihood-ratio chi-square against the null log-likelihood, on <paramref name="df"/> degrees of freedom.</summary>
    public static (double ChiSquare, int DegreesOfFreedom, double PValue) LikelihoodRatio(double logLikelihood, double nullLogLikelihood, int df)
    {
        var chi = 2 * (logLikelihood - nullLogLikelihood);
        return (chi, df, df > 0 ? ChiSquareTail.Of(df, Math.Max(chi, 0)) : double.NaN);
    }
}
