namespace Analysis.Node.Tests;

/// <summary>
/// The pooled reference: design rows built straight from the fixture patients and the textbook likelihoods written as
/// plain loops (the Cox risk set is recomputed for every death), deliberately unlike the node's implementation.
/// </summary>
public static class ModelReference
{
    public const int Grid = 30;

    public sealed record Stats(double[] Score, double[,] Information, double LogLikelihood);

    public static string Category(FixturePatient p, string variable) => variable switch
    {
        "sex" => p.Sex,
        "stage_group" => p.Stage,
        "t" => p.T,
        "n" => p.N,
        "m" => p.M,
        "event" => p.Event.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "diagnosis" => p.Snomed,
        _ => throw new ArgumentException(variable),
    };

    /// <summary>The value of a node column name (<c>(intercept)</c>, <c>age_at_diagnosis</c>, <c>sex=male</c>) for a patient.</summary>
    public static double Value(FixturePatient p, string column)
    {
        if (column == "(intercept)") return 1;
        if (column == "age_at_diagnosis") return p.Age;
        if (column == "followup_days") return p.FollowupDays;
        var parts = column.Split('=');
        return Category(p, parts[0]) == parts[1] ? 1 : 0;
    }

    public static double[] Row(FixturePatient p, IReadOnlyList<string> columns) => columns.Select(c => Value(p, c)).ToArray();

    /// <summary>Follow-up rounded up to the node's survival grid.</summary>
    public static long GridTime(FixturePatient p) => (long)Math.Ceiling(p.FollowupDays / (double)Grid) * Grid;

    public static Stats Logistic(IReadOnlyList<FixturePatient> patients, IReadOnlyList<string> columns, Func<FixturePatient, bool> outcome, double[] beta)
    {
        var p = columns.Count;
        var score = new double[p];
        var info = new double[p, p];
        var ll = 0.0;
        foreach (var patient in patients)
        {
            var x = Row(patient, columns);
            var eta = 0.0;
            for (var j = 0; j < p; j++) eta += x[j] * beta[j];
            var mu = 1 / (1 + Math.Exp(-eta));
            var y = outcome(patient) ? 1.0 : 0.0;
            ll += y * Math.Log(mu) + (1 - y) * Math.Log(1 - mu);
            for (var a = 0; a < p; a++)
            {
                score[a] += (y - mu) * x[a];
                for (var b = 0; b < p; b++) info[a, b] += mu * (1 - mu) * x[a] * x[b];
            }
        }
        return new Stats(score, info, ll);
    }

    /// <summary>Breslow partial likelihood with one stratum per site: a death's risk set is its own site's patients still followed.</summary>
    public static Stats Cox(IReadOnlyList<IReadOnlyList<FixturePatient>> sites, IReadOnlyList<string> columns, double[] beta)
    {
        var p = columns.Count;
        var score = new double[p];
        var info = new double[p, p];
        var ll = 0.0;
        foreach (var site in sites)
        {
            var x = site.Select(q => Row(q, columns)).ToArray();
            var eta = x.Select(r => r.Select((v, j) => v * beta[j]).Sum()).ToArray();
            for (var i = 0; i < site.Count; i++)
            {
                if (!site[i].Deceased) continue;
                double s0 = 0;
                var s1 = new double[p];
                var s2 = new double[p, p];
                for (var j = 0; j < site.Count; j++)
                {
                    if (GridTime(site[j]) < GridTime(site[i])) continue;
                    var w = Math.Exp(eta[j]);
                    s0 += w;
                    for (var a = 0; a < p; a++)
                    {
                        s1[a] += w * x[j][a];
                        for (var b = 0; b < p; b++) s2[a, b] += w * x[j][a] * x[j][b];
                    }
                }
                ll += eta[i] - Math.Log(s0);
                for (var a = 0; a < p; a++)
                {
                    score[a] += x[i][a] - s1[a] / s0;
                    for (var b = 0; b < p; b++) info[a, b] += s2[a, b] / s0 - s1[a] / s0 * (s1[b] / s0);
                }
            }
        }
        return new Stats(score, info, ll);
    }

    /// <summary>Newton-Raphson from zeros until the largest step is under 1e-10.</summary>
    public static async Task<double[]> NewtonRaphson(int p, Func<double[], Task<Stats>> evaluate)
    {
        var beta = new double[p];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var stats = await evaluate(beta);
            var step = Solve(stats.Information, stats.Score);
            for (var j = 0; j < p; j++) beta[j] += step[j];
            if (step.Max(Math.Abs) < 1e-10) return beta;
        }
        throw new InvalidOperationException("Newton-Raphson did not converge in 50 iterations");
    }

    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting.</summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = new double[n, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) m[i, j] = a[i, j];
            m[i, n] = b[i];
        }
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(m[r, col]));
            for (var j = 0; j <= n; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            for (var r = col + 1; r < n; r++)
            {
                var f = m[r, col] / m[col, col];
                for (var j = col; j <= n; j++) m[r, j] -= f * m[col, j];
            }
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = m[i, n];
            for (var j = i + 1; j < n; j++) sum -= m[i, j] * x[j];
            x[i] = sum / m[i, i];
        }
        return x;
    }
}
