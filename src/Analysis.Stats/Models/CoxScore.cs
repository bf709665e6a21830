namespace Analysis.Stats;

/// <summary>
/// The partial likelihood of a Cox model over local rows, with Efron's or Breslow's handling of tied deaths: for a
/// coefficient vector, its score, information and log partial likelihood as a <see cref="ScoreStep"/>. Risk sets
/// (and tied deaths) are formed within each stratum, so a site's steps summed with others' give a fit stratified by
/// site, with either kind of ties.
/// </summary>
public sealed class CoxScore
{
    private readonly double[][] _x;
    private readonly bool[] _event;
    private readonly double[] _time;
    private readonly int[][] _strata; // per stratum, row indices in decreasing time

    /// <summary>A Cox likelihood over rows given as arrays.</summary>
    /// <param name="columns">Coefficient names.</param>
    /// <param name="times">Follow-up time per row.</param>
    /// <param name="events">Whether each row ended with the event.</param>
    /// <param name="covariates">Covariate values per row (one array of <paramref name="columns"/>' length each).</param>
    /// <param name="strata">Stratum per row (any labels), or null for one stratum.</param>
    /// <param name="ties">How deaths at the same time are treated (Efron by default, as R's <c>coxph</c>).</param>
    /// <exception cref="ArgumentException">Arrays of different lengths, a row of the wrong width, a non-finite value (the row is named), or an unknown <paramref name="ties"/>.</exception>
    public CoxScore(IReadOnlyList<string> columns, IReadOnlyList<double> times, IReadOnlyList<bool> events,
        IReadOnlyList<double[]> covariates, IReadOnlyList<string>? strata = null, CoxTies ties = CoxTies.Efron)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(covariates);
        var n = times.Count;
        if (events.Count != n || covariates.Count != n || (strata is not null && strata.Count != n))
            throw new ArgumentException($"Times ({n}), events ({events.Count}), covariates ({covariates.Count}) and strata ({strata?.Count ?? n}) must have the same length.");
        Columns = columns.ToArray();
        Ties = CoxTiesArgument.Checked(ties, nameof(ties));
        _time = times.ToArray();
        _event = events.ToArray();
        // Centring leaves score, information and likelihood unchanged and keeps the risk-set sums accurate.
        var means = new double[columns.Count];
        for (var i = 0; i < n; i++)
        {
            if (covariates[i].Length != columns.Count)
                throw new ArgumentException($"Row {i} has {covariates[i].Length} covariate values but the model has {columns.Count} columns.", nameof(covariates));
            if (!double.IsFinite(_time[i]) || _time[i] < 0 || covariates[i].Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"Row {i}: time and covariates must be finite (time {_time[i]}).", nameof(covariates));
            for (var j = 0; j < means.Length; j++) means[j] += covariates[i][j] / n;
        }
        _x = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var row = new double[means.Length];
            for (var j = 0; j < row.Length; j++) row[j] = covariates[i][j] - means[j];
            _x[i] = row;
        }
        var keys = strata ?? Enumerable.Repeat("", n).ToArray();
        _strata = Enumerable.Range(0, n).GroupBy(i => keys[i], StringComparer.Ordinal).Select(g =>
        {
            // Decreasing time; the order within tied times does not matter, as a tied time is taken as a whole.
            var rows = g.ToArray();
            Array.Sort(rows.Select(i => -_time[i]).ToArray(), rows);
            return rows;
        }).ToArray();
        N = n;
        Events = _event.LongCount(e => e);
    }

    /// <summary>Coefficient names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>How deaths at the same time are treated.</summary>
    public CoxTies Ties { get; }

    /// <summary>Number of rows.</summary>
    public long N { get; }

    /// <summary>Number of events.</summary>
    public long Events { get; }

    /// <summary>
    /// Rows of a table with time, status, optional strata and every covariate present (complete cases);
    /// text/boolean covariates become dummies <c>name=level</c> against their first level.
    /// </summary>
    /// <param name="table">The rows.</param>
    /// <param name="time">Follow-up time column.</param>
    /// <param name="status">Event status column.</param>
    /// <param name="covariates">Covariate columns.</param>
    /// <param name="strata">Optional stratum column.</param>
    /// <param name="ties">How deaths at the same time are treated (Efron by default, as R's <c>coxph</c>).</param>
    /// <exception cref="ArgumentException">A column is missing or mistyped, or no complete cases remain.</exception>
    public static CoxScore FromTable(ColumnSource table, string time, string status, IReadOnlyList<string> covariates, string? strata = null,
        CoxTies ties = CoxTies.Efron)
    {
        ArgumentNullException.ThrowIfNull(table);
        var times = table.Numeric(time);
        var events = table.Status(status);
        var stratum = strata is null ? null : table.Text(strata);
        var present = Enumerable.Range(0, table.RowCount).Select(i => times[i] is not null && events[i] is not null && (stratum is null || stratum[i] is not null)).ToArray();
        var design = DesignMatrix.Build(table, covariates, intercept: false, present);
        foreach (var i in design.SourceRows)
            if (times[i] < 0)
                throw new ArgumentException($"Column '{time}' row {i}: time {times[i]} must be >= 0.", time);
        return new CoxScore(design.Columns,
            design.SourceRows.Select(i => times[i]!.Value).ToArray(),
            design.SourceRows.Select(i => events[i]!.Value).ToArray(),
            design.Rows,
            stratum is null ? null : design.SourceRows.Select(i => stratum[i]!).ToArray(), ties);
    }

    /// <summary>Score, information and log partial likelihood (with <see cref="Ties"/>) at <paramref name="beta"/>.</summary>
    /// <remarks>
    /// One pass per stratum in decreasing time keeps the risk-set sums S0 = Σ w, S1 = Σ w x, S2 = Σ w x x' (w = exp(eta)).
    /// A time with d deaths adds Σ eta over the deaths and, for r = 0 .. d-1, −log(S0 − r/d·D0) with its derivatives,
    /// where D0, D1, D2 are the same sums over the deaths alone (Efron); Breslow takes r/d as 0, i.e. d times the full
    /// risk set. So an evaluation costs O(n·p²) plus O(deaths·p²) for Efron.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="beta"/> has the wrong length.</exception>
    public ScoreStep Evaluate(IReadOnlyList<double> beta)
    {
        var coefficients = ScoreStep.Coefficients(beta, Columns);
        var p = Columns.Count;
        var triangle = p * p;
        var efron = Ties == CoxTies.Efron;
        var score = new double[p];
        var information = new double[triangle];
        var s1 = new double[p];
        var s2 = new double[triangle];
        var eventSum = new double[p];
        // The deaths' own weighted sums at one time (Efron only) and the r-th reduced risk set built from them.
        var d1 = new double[p];
        var d2 = new double[triangle];
        var a1 = new double[p];
        double logLikelihood = 0;
        var eta = new double[N];
        for (var i = 0; i < N; i++)
        {
            double e = 0;
            for (var j = 0; j < p; j++) e += coefficients[j] * _x[i][j];
            eta[i] = e;
        }
        foreach (var rows in _strata)
        {
            // Shifting eta by its stratum maximum cannot change the likelihood and keeps exp() finite.
            var shift = rows.Max(i => eta[i]);
            double s0 = 0;
            Array.Clear(s1);
            Array.Clear(s2);
            var k = 0;
            while (k < rows.Length)
            {
                var t = _time[rows[k]];
                long deaths = 0;
                double etaSum = 0, d0 = 0;
                Array.Clear(eventSum);
                if (efron)
                {
                    Array.Clear(d1);
                    Array.Clear(d2);
                }
                for (; k < rows.Length && _time[rows[k]] == t; k++)
                {
                    var i = rows[k];
                    var x = _x[i];
                    var w = Math.Exp(eta[i] - shift);
                    s0 += w;
                    Accumulate(w, x, s1, s2, p);
                    if (!_event[i]) continue;
                    deaths++;
                    etaSum += eta[i] - shift;
                    for (var a = 0; a < p; a++) eventSum[a] += x[a];
                    if (!efron) continue;
                    d0 += w;
                    Accumulate(w, x, d1, d2, p);
                }
                if (deaths == 0) continue;
                logLikelihood += etaSum;
                for (var a = 0; a < p; a++) score[a] += eventSum[a];
                if (!efron || deaths == 1)
                {
                    // Every death sees the whole risk set: d identical terms.
                    Subtract(deaths, s0, s1, s2, score, information, ref logLikelihood, p);
                    continue;
                }
                // Efron: the r-th death's risk set keeps (1 - r/d) of the tied deaths' weight.
                for (var r = 0; r < deaths; r++)
                {
                    var f = (double)r / deaths;
                    var a0 = s0 - f * d0;
                    for (var a = 0; a < p; a++) a1[a] = s1[a] - f * d1[a];
                    for (var a = 0; a < p; a++)
                    {
                        var mean = a1[a] / a0;
                        score[a] -= mean;
                        for (var b = 0; b <= a; b++)
                            information[a * p + b] += (s2[a * p + b] - f * d2[a * p + b]) / a0 - mean * a1[b] / a0;
                    }
                    logLikelihood -= Math.Log(a0);
                }
            }
        }
        return ScoreStep.FromLowerTriangle(score, information, logLikelihood, N, Events);
    }

    /// <summary>Adds w·x to the first and w·x·x' (lower triangle) to the second moment.</summary>
    private static void Accumulate(double w, double[] x, double[] first, double[] second, int p)
    {
        for (var a = 0; a < p; a++)
        {
            first[a] += w * x[a];
            for (var b = 0; b <= a; b++) second[a * p + b] += w * x[a] * x[b];
        }
    }

    /// <summary>Takes <paramref name="times"/> identical risk-set terms (S0, S1, S2) off the score and likelihood and adds them to the information.</summary>
    private static void Subtract(long times, double s0, double[] s1, double[] s2, double[] score, double[] information, ref double logLikelihood, int p)
    {
        logLikelihood -= times * Math.Log(s0);
        for (var a = 0; a < p; a++)
        {
            var mean = s1[a] / s0;
            score[a] -= times * mean;
            for (var b = 0; b <= a; b++)
                information[a * p + b] += times * (s2[a * p + b] / s0 - mean * s1[b] / s0);
        }
    }

    /// <summary><see cref="Evaluate"/> in the shape <see cref="NewtonRaphson.FitAsync"/> takes.</summary>
    public ValueTask<ScoreStep> EvaluateAsync(double[] beta, CancellationToken ct = default) => ValueTask.FromResult(Evaluate(beta));
}
