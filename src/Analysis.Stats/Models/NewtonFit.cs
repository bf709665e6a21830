namespace Analysis.Stats;

/// <summary>Options of <see cref="NewtonRaphson.FitAsync"/>.</summary>
public sealed record NewtonOptions
{
    /// <summary>Most Newton steps (step-halvings included) before giving up (default 50).</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>
    /// Converged when the relative change of the log-likelihood (relative to its size, or to 1 when it is smaller) is
    /// below this (default 1e-10) ... A step that lowers the log-likelihood by less than this is rounding, not overshoot,
    /// and is not halved.
    /// </summary>
    public double LogLikelihoodTolerance { get; init; } = 1e-10;

    /// <summary>... and the largest coefficient change is below this (default 1e-8).</summary>
    public double StepTolerance { get; init; } = 1e-8;

    /// <summary>The defaults.</summary>
    public static NewtonOptions Default { get; } = new();
}

/// <summary>
/// The result of a Newton-Raphson fit: coefficients, their covariance (the inverse information at the
/// estimate), the log-likelihood there and at zero. <see cref="CoxResult.From"/> and
/// <see cref="LogisticResult.From"/> turn it into a model summary.
/// </summary>
/// <param name="Columns">Coefficient names, e.g. <c>age</c>, <c>sex=male</c>, <c>(intercept)</c>.</param>
/// <param name="Beta">Coefficients.</param>
/// <param name="Covariance">Inverse of the information at <paramref name="Beta"/> (p × p).</param>
/// <param name="LogLikelihood">Log-likelihood at <paramref name="Beta"/>.</param>
/// <param name="NullLogLikelihood">Log-likelihood at zero coefficients (the start).</param>
/// <param name="Iterations">Newton steps taken.</param>
/// <param name="Converged">Whether the convergence criteria were met.</param>
/// <param name="N">Number of rows used.</param>
/// <param name="Events">Number of events (Cox) or positive outcomes (logistic).</param>
/// <param name="Warning">Why the fit is doubtful (no convergence, singular information), or null.</param>
public sealed record NewtonFit(IReadOnlyList<string> Columns, double[] Beta, double[][] Covariance, double LogLikelihood,
    double NullLogLikelihood, int Iterations, bool Converged, long N, long Events, string? Warning = null);
