namespace Analysis.Stats;

/// <summary>
/// The logistic log-likelihood over local rows: for a coefficient vector, its score, information and
/// log-likelihood as a <see cref="ScoreStep"/> (sums over rows, so sites' steps add up to the pooled one).
/// </summary>
public sealed class LogisticScore
{
    private readonly double[][] _x;
    private readonly bool[] _y;

    /// <summary>A logistic likelihood over rows given as arrays (include an intercept column yourself).</summary>
    /// <param name="columns">Coefficient names.</param>
    /// <param name="outcomes">Whether each row's outcome is positive.</param>
    /// <param name="covariates">Design values per row (one array of <paramref name="columns"/>' length each).</param>
    /// <exception cref="ArgumentException">Arrays of different lengths, a row of the wrong width, or a non-finite value (the row is named).</exception>
    public LogisticScore(IReadOnlyList<string> columns, IReadOnlyList<bool> outcomes, IReadOnlyList<double[]> covariates)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(covariates);
        if (outcomes.Count != covariates.Count)
            throw new ArgumentException($"Outcomes ({outcomes.Count}) and covariates ({covariates.Count}) must have the same length.", nameof(covariates));
        for (var i = 0; i < covariates.Count; i++)
        {
            if (covariates[i].Length != columns.Count)
                throw new ArgumentException($"Row {i} has {covariates[i].Length} values but the model has {columns.Count} columns.", nameof(covariates));
            if (covariates[i].Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"Row {i}: covariates must be finite.", nameof(covariates));
        }
        Columns = columns.ToArray();
        _x = covariates.ToArray();
        _y = outcomes.ToArray();
        Events = _y.LongCount(y => y);
    }

    /// <summary>Coefficient names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of rows.</summary>
    public long N => _y.Length;

    /// <summary>Number of positive outcomes.</summary>
    public long Events { get; }

    /// <summary>
    /// Complete cases of a table with an <c>(intercept)</c> first; the outcome is 0/1, 1/2 (2 = positive) or
    /// boolean, or, when <paramref name="positive"/> is given, positive where the column's text equals it.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or mistyped, the positive level does not occur, or no complete cases remain.</exception>
    public static LogisticScore FromTable(ColumnSource table, string outcome, IReadOnlyList<string> covariates, string? positive = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        bool?[] y;
        if (positive is null) y = table.Status(outcome);
        else
        {
            var text = table.Text(outcome);
            if (!text.Contains(positive))
                throw new ArgumentException($"Column '{outcome}' has no value '{positive}' (levels: {string.Join(", ", table.Levels(outcome).Select(l => $"'{l}'"))}).", nameof(positive));
            y = text.Select(t => t is null ? (bool?)null : t == positive).ToArray();
        }
        var design = DesignMatrix.Build(table, covariates, intercept: true, y.Select(v => v is not null).ToArray());
        return new LogisticScore(design.Columns, design.SourceRows.Select(i => y[i]!.Value).ToArray(), design.Rows);
    }

    /// <summary>Score, information and log-likelihood at <paramref name="beta"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="beta"/> has the wrong length.</exception>
    public ScoreStep Evaluate(IReadOnlyList<double> beta)
    {
        var coefficients = ScoreStep.Coefficients(beta, Columns);
        var p = Columns.Count;
        var score = new double[p];
        var information = new double[p * p];
        double logLikelihood = 0;
        for (var i = 0; i < _x.Length; i++)
        {
            var x = _x[i];
            double eta = 0;
            for (var j = 0; j < p; j++) eta += coefficients[j] * x[j];
            // log(1 + e^eta) without overflow for large |eta|.
            var softplus = Math.Max(eta, 0) + Math.Log(1 + Math.Exp(-Math.Abs(eta)));
            var mu = eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));
            var y = _y[i] ? 1.0 : 0.0;
            logLikelihood += y * eta - softplus;
            var w = mu * (1 - mu);
            for (var a = 0; a < p; a++)
            {
                score[a] += (y - mu) * x[a];
                for (var b = 0; b <= a; b++) information[a * p + b] += w * x[a] * x[b];
            }
        }
        return ScoreStep.FromLowerTriangle(score, information, logLikelihood, N, Events);
    }

    /// <summary><see cref="Evaluate"/> in the shape <see cref="NewtonRaphson.FitAsync"/> takes.</summary>
    public ValueTask<ScoreStep> EvaluateAsync(double[] beta, CancellationToken ct = default) => ValueTask.FromResult(Evaluate(beta));
}
