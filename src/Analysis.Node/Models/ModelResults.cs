namespace Analysis.Node.Models;

/// <summary>Answer of <c>glm/logistic</c>: what a client sums over sites for one Newton-Raphson step.</summary>
/// <param name="Columns">The design columns, in the order of <c>beta</c>, the score and the information matrix.</param>
/// <param name="N">Patients in the fit (the cohort's complete cases).</param>
/// <param name="Score">Gradient of the log-likelihood at beta.</param>
/// <param name="Information">Negative Hessian of the log-likelihood at beta (p×p, row-major).</param>
/// <param name="LogLikelihood">The log-likelihood at beta.</param>
public sealed record LogisticResult(IReadOnlyList<string> Columns, long N, double[] Score, double[][] Information, double LogLikelihood);

/// <summary>Answer of <c>cox/score</c>: what a client sums over sites for one Newton-Raphson step of a site-stratified Cox model.</summary>
/// <param name="Columns">The design columns, in the order of <c>beta</c>, the score and the information matrix.</param>
/// <param name="N">Patients in the fit.</param>
/// <param name="Events">Deaths among them.</param>
/// <param name="Score">Gradient of the log partial likelihood at beta.</param>
/// <param name="Information">Negative Hessian of the log partial likelihood at beta (p×p, row-major).</param>
/// <param name="LogPartialLikelihood">The Breslow log partial likelihood at beta.</param>
public sealed record CoxScoreResult(IReadOnlyList<string> Columns, long N, long Events, double[] Score, double[][] Information, double LogPartialLikelihood);
