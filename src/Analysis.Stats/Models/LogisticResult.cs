using System.Globalization;
using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>One term of a logistic model (a row of <c>LogisticResult.ToFrame()</c>).</summary>
/// <param name="Term">Column name (<c>(intercept)</c>, <c>age</c>, <c>sex=male</c>).</param>
/// <param name="Coefficient">Log odds ratio.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="OddsRatio">exp(coefficient).</param>
/// <param name="Lower">Lower 95% Wald limit of the odds ratio.</param>
/// <param name="Upper">Upper 95% Wald limit of the odds ratio.</param>
/// <param name="Z">Wald statistic.</param>
/// <param name="PValue">Two-sided Wald p-value.</param>
public sealed record LogisticTerm(string Term, double Coefficient, double StandardError, double OddsRatio, double Lower, double Upper, double Z, double PValue) : IModelTerm;

/// <summary>A fitted logistic regression, as R's <c>summary(glm(..., family = binomial))</c>.</summary>
public sealed class LogisticResult : ModelSummary<LogisticTerm>
{
    private LogisticResult(NewtonFit fit, LogisticTerm[] terms) : base(fit, terms)
    {
        // The null model of glm has only an intercept, whose fitted probability is the observed proportion.
        var proportion = (double)fit.Events / fit.N;
        var nullLogLikelihood = fit.Events == 0 || fit.Events == fit.N ? 0
            : fit.Events * Math.Log(proportion) + (fit.N - fit.Events) * Math.Log(1 - proportion);
        NullDeviance = -2 * nullLogLikelihood;
    }

    /// <summary>Residual deviance (−2 log-likelihood; binary outcomes have a saturated log-likelihood of 0).</summary>
    public double Deviance => -2 * Fit.LogLikelihood;

    /// <summary>Deviance of the intercept-only model.</summary>
    public double NullDeviance { get; }

    /// <summary>Akaike's information criterion: deviance + 2 × number of coefficients.</summary>
    public double Aic => Deviance + 2 * Terms.Count;

    /// <summary>The summary of a fit (local, or federated by summing sites' score steps).</summary>
    public static LogisticResult From(NewtonFit fit) =>
        new(fit, Wald.Of(fit).Select(w => new LogisticTerm(w.Term, w.Coefficient, w.StandardError, w.Ratio, w.Lower, w.Upper, w.Z, w.PValue)).ToArray());

    /// <summary>The coefficient table and the deviance lines of R's <c>summary.glm</c>.</summary>
    public override string ToString() =>
        Print($"Logistic regression: n = {N}, positive = {Events}",
            string.Create(CultureInfo.InvariantCulture,
            $"Null deviance {Tabular.Number(NullDeviance)} on {N - 1} df; residual deviance {Tabular.Number(Deviance)} on {N - Terms.Count} df; AIC {Tabular.Number(Aic)}; {Iterations} iterations"));
}
