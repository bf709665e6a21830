namespace Analysis.Stats;

/// <summary>
/// What one Newton-Raphson step needs at a coefficient vector: the score (gradient of the log-likelihood),
/// the information (negative Hessian, p × p) and the log-likelihood. All three are sums over patients, so the
/// steps of several sites add up (<see cref="Sum"/>) to the pooled one.
/// </summary>
/// <param name="Score">Gradient of the log-(partial-)likelihood, one entry per column.</param>
/// <param name="Information">Negative Hessian, p rows of p.</param>
/// <param name="LogLikelihood">Log-(partial-)likelihood at the coefficients.</param>
/// <param name="N">Number of rows (patients) used.</param>
/// <param name="Events">Number of events (Cox) or positive outcomes (logistic).</param>
public sealed record ScoreStep(double[] Score, double[][] Information, double LogLikelihood, long N, long Events)
{
    /// <summary>Number of coefficients.</summary>
    public int Parameters => Score.Length;

    /// <summary>Adds the steps of several sites (all at the same coefficients).</summary>
    /// <exception cref="ArgumentException">No steps, or steps of different sizes (the first mismatch is named).</exception>
    public static ScoreStep Sum(IEnumerable<ScoreStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToList();
        if (list.Count == 0) throw new ArgumentException("No score steps to sum.", nameof(steps));
        var p = list[0].Score.Length;
        for (var s = 0; s < list.Count; s++)
        {
            var step = list[s];
            if (step.Score.Length != p || step.Information.Length != p || step.Information.Any(r => r.Length != p))
                throw new ArgumentException($"Score step {s} has {step.Score.Length} parameters (information {step.Information.Length} rows) but step 0 has {p}.", nameof(steps));
        }
        var score = new double[p];
        var information = Enumerable.Range(0, p).Select(_ => new double[p]).ToArray();
        foreach (var step in list)
            for (var i = 0; i < p; i++)
            {
                score[i] += step.Score[i];
                for (var j = 0; j < p; j++) information[i][j] += step.Information[i][j];
            }
        return new ScoreStep(score, information, list.Sum(s => s.LogLikelihood), list.Sum(s => s.N), list.Sum(s => s.Events));
    }

    /// <summary>A step from the lower triangle of the information, packed row-major as [a * p + b] for b &lt;= a.</summary>
    internal static ScoreStep FromLowerTriangle(double[] score, double[] lower, double logLikelihood, long n, long events)
    {
        var p = score.Length;
        var information = new double[p][];
        for (var a = 0; a < p; a++)
        {
            information[a] = new double[p];
            for (var b = 0; b < p; b++) information[a][b] = a >= b ? lower[a * p + b] : lower[b * p + a];
        }
        return new ScoreStep(score, information, logLikelihood, n, events);
    }

    /// <summary>The coefficients as an array (not an interface, for the inner loops), checked against the model's columns.</summary>
    internal static double[] Coefficients(IReadOnlyList<double> beta, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(beta);
        if (beta.Count != columns.Count)
            throw new ArgumentException($"beta has {beta.Count} values but the model has {columns.Count} columns ({string.Join(", ", columns)}).", nameof(beta));
        return beta.ToArray();
    }
}
