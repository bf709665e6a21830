namespace Analysis.Stats;

/// <summary>
/// Newton-Raphson maximisation of a log-likelihood given by its score steps, wherever they come from: local
/// rows (<see cref="CoxScore"/>, <see cref="LogisticScore"/>) or sites asked over the network and summed.
/// </summary>
public static class NewtonRaphson
{
    /// <summary>The synchronous form of <see cref="FitAsync"/>, for a likelihood over local rows.</summary>
    internal static NewtonFit Fit(IReadOnlyList<string> columns, Func<double[], ScoreStep> evaluate, NewtonOptions? options)
    {
        // The evaluations complete synchronously, so this never blocks on I/O.
        var task = FitAsync(columns, (beta, _) => ValueTask.FromResult(evaluate(beta)), options);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Fits from zero coefficients, halving a step whose log-likelihood is lower by more than the tolerance (as R's
    /// <c>coxph</c>), until the relative change of the log-likelihood (relative to its size, or to 1 when it is smaller)
    /// and the largest coefficient change are both below tolerance.
    /// </summary>
    /// <param name="columns">Coefficient names (their count is the number of parameters).</param>
    /// <param name="evaluate">Score step at a coefficient vector (e.g. asks every site and sums their steps).</param>
    /// <param name="options">Iteration limit and tolerances.</param>
    /// <param name="ct">Stops the fit between evaluations (and is passed to <paramref name="evaluate"/>).</param>
    /// <returns>The fit; <see cref="NewtonFit.Converged"/> is false (with a warning) when the iteration limit was hit or the information became singular, e.g. under separation.</returns>
    /// <exception cref="ArgumentException">The information at zero is singular (the dependent column is named), no columns, no rows or no events.</exception>
    /// <exception cref="InvalidOperationException">A step of the wrong size or with non-finite values at zero.</exception>
    public static async Task<NewtonFit> FitAsync(IReadOnlyList<string> columns,
        Func<double[], CancellationToken, ValueTask<ScoreStep>> evaluate, NewtonOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(evaluate);
        options ??= NewtonOptions.Default;
        var p = columns.Count;
        if (p == 0) throw new ArgumentException("A model needs at least one coefficient.", nameof(columns));

        async ValueTask<ScoreStep> Evaluate(double[] beta)
        {
            ct.ThrowIfCancellationRequested();
            var step = await evaluate(beta, ct).ConfigureAwait(false);
            if (step.Score.Length != p || step.Information.Length != p || step.Information.Any(r => r.Length != p))
                throw new InvalidOperationException($"The score step has {step.Score.Length} parameters but the model has {p} ({string.Join(", ", columns)}).");
            return step;
        }

        var beta = new double[p];
        var current = await Evaluate(beta).ConfigureAwait(false);
        if (!double.IsFinite(current.LogLikelihood) || current.Score.Any(s => !double.IsFinite(s)))
            throw new InvalidOperationException($"The log-likelihood or score at zero coefficients is not finite (log-likelihood {current.LogLikelihood}).");
        if (current.N == 0) throw new ArgumentException("No rows: the model has no complete cases to fit.", nameof(evaluate));
        if (current.Events == 0)
            throw new ArgumentException($"No events (or positive outcomes) among the {current.N} rows used: the model cannot be fitted.", nameof(evaluate));
        var factor = Cholesky.TryFactor(current.Information, out var dependent)
            ?? throw new ArgumentException(Singular(columns, dependent, "at zero coefficients"), nameof(columns));
        var nullLogLikelihood = current.LogLikelihood;
        var covariance = factor.Inverse();
        string? warning = null;
        var converged = false;
        var iterations = 0;
        while (iterations < options.MaxIterations)
        {
            var step = factor.Solve(current.Score);
            var candidate = Add(beta, step);
            var next = await Evaluate(candidate).ConfigureAwait(false);
            iterations++;
            // Near the maximum a Newton step changes the log-likelihood by less than its rounding error, so it may come out
            // a hair lower. Only a fall beyond the convergence tolerance is an overshoot worth halving (as R's coxph, which
            // tests convergence before it halves): halving on rounding noise stopped fits short of the maximum with a
            // truncated step and made fits of the same data summed in another order (sites) take different steps. The
            // tolerance is relative, but not to less than 1: rounding follows the terms' size, not their sum's, which can be 0.
            var floor = current.LogLikelihood - options.LogLikelihoodTolerance * Math.Max(1, Math.Abs(current.LogLikelihood));
            while (!(next.LogLikelihood >= floor) && iterations < options.MaxIterations)
            {
                for (var i = 0; i < p; i++) step[i] /= 2;
                candidate = Add(beta, step);
                next = await Evaluate(candidate).ConfigureAwait(false);
                iterations++;
            }
            if (!(next.LogLikelihood >= floor)) break;
            var relativeChange = Math.Abs(next.LogLikelihood - current.LogLikelihood) / Math.Max(Math.Abs(next.LogLikelihood), 1);
            var largestStep = step.Max(Math.Abs);
            beta = candidate;
            current = next;
            factor = Cholesky.TryFactor(current.Information, out dependent)!;
            if (factor is null)
            {
                warning = Singular(columns, dependent, $"after {iterations} iterations") +
                          " The coefficients may be infinite (e.g. separation in a logistic model, or a monotone likelihood in Cox).";
                break;
            }
            covariance = factor.Inverse();
            if (relativeChange < options.LogLikelihoodTolerance && largestStep < options.StepTolerance)
            {
                converged = true;
                break;
            }
        }
        if (!converged && warning is null)
            warning = $"Did not converge in {options.MaxIterations} iterations; coefficients may be infinite (separation or a monotone likelihood).";
        return new NewtonFit(columns.ToArray(), beta, covariance, current.LogLikelihood, nullLogLikelihood, iterations, converged,
            current.N, current.Events, warning);
    }

    private static double[] Add(double[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();

    private static string Singular(IReadOnlyList<string> columns, int dependent, string when)
    {
        var earlier = columns.Take(dependent).Select(c => $"'{c}'").ToArray();
        return $"The information matrix is singular {when}: column '{columns[dependent]}' is constant" +
               (earlier.Length == 0 ? "" : $" or a linear combination of {string.Join(", ", earlier)}") + " among the rows used.";
    }
}
