using System.Globalization;
using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>One term of a Cox model (a row of <c>CoxResult.ToFrame()</c>).</summary>
/// <param name="Term">Column name (<c>age</c>, <c>sex=male</c>).</param>
/// <param name="Coefficient">Log hazard ratio.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="HazardRatio">exp(coefficient).</param>
/// <param name="Lower">Lower 95% limit of the hazard ratio.</param>
/// <param name="Upper">Upper 95% limit of the hazard ratio.</param>
/// <param name="Z">Wald statistic.</param>
/// <param name="PValue">Two-sided Wald p-value.</param>
public sealed record CoxTerm(string Term, double Coefficient, double StandardError, double HazardRatio, double Lower, double Upper, double Z, double PValue) : IModelTerm;

/// <summary>A fitted Cox proportional-hazards model, as R's <c>summary(coxph(...))</c>, with the handling of ties it was fitted with.</summary>
public sealed class CoxResult : ModelSummary<CoxTerm>
{
    private CoxResult(NewtonFit fit, CoxTerm[] terms, CoxTies ties) : base(fit, terms)
    {
        Ties = ties;
        (LikelihoodRatioChiSquare, LikelihoodRatioDegreesOfFreedom, LikelihoodRatioPValue) =
            Wald.LikelihoodRatio(fit.LogLikelihood, fit.NullLogLikelihood, terms.Length);
    }

    /// <summary>How deaths at the same time were treated (Efron, R's default, or Breslow).</summary>
    public CoxTies Ties { get; }

    /// <summary>Log partial likelihood with every coefficient zero.</summary>
    public double NullLogLikelihood => Fit.NullLogLikelihood;

    /// <summary>Likelihood-ratio test statistic against the null model.</summary>
    public double LikelihoodRatioChiSquare { get; }

    /// <summary>Its degrees of freedom (number of coefficients).</summary>
    public int LikelihoodRatioDegreesOfFreedom { get; }

    /// <summary>Its p-value.</summary>
    public double LikelihoodRatioPValue { get; }

    /// <summary>The summary of a fit (local, or federated by summing sites' score steps).</summary>
    /// <param name="fit">The Newton-Raphson fit of a <see cref="CoxScore"/> likelihood (or of summed sites' ones).</param>
    /// <param name="ties">The ties of that likelihood, which the summary reports.</param>
    /// <exception cref="ArgumentException"><paramref name="ties"/> is not a defined value.</exception>
    public static CoxResult From(NewtonFit fit, CoxTies ties)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return new(fit, Wald.Of(fit).Select(w => new CoxTerm(w.Term, w.Coefficient, w.StandardError, w.Ratio, w.Lower, w.Upper, w.Z, w.PValue)).ToArray(),
            CoxTiesArgument.Checked(ties, nameof(ties)));
    }

    /// <summary>The coefficient table and the model lines of R's <c>print.coxph</c>.</summary>
    public override string ToString() =>
        Print($"Cox model ({Ties} ties): n = {N}, events = {Events}",
            string.Create(CultureInfo.InvariantCulture,
            $"Log partial likelihood = {Tabular.Number(LogLikelihood)} (null {Tabular.Number(NullLogLikelihood)}); likelihood ratio test = {Tabular.Number(LikelihoodRatioChiSquare)} on {LikelihoodRatioDegreesOfFreedom} df, p = {Tabular.PValue(LikelihoodRatioPValue)}; {Iterations} iterations"));
}
