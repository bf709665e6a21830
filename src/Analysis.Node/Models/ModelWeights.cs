namespace Analysis.Node.Models;

/// <summary>
/// How a model's statistics at given coefficients are spread over the patients: the effective sample size of the
/// per-patient weights and of the per-patient contributions to the information, and the largest single patient's share.
/// </summary>
/// <remarks>
/// <para>A score and an information matrix are sums over patients, each patient weighted by a function of the
/// coefficients: <c>p(1−p)</c> in a logistic model, the risk-set weights <c>exp(xβ)/Σexp(xβ)</c> in Cox. At coefficients
/// the client chooses, the weights can be made to fall on a single patient (a steep slope in age centred on one
/// patient's age puts all of <c>p(1−p)</c> on that age); the "sum" is then that patient's own values. Kish's effective
/// sample size <c>(Σw)²/Σw²</c> is the number of equally weighted patients the weights are worth, whatever their scale,
/// so it is the measure to hold to the site's minimum subset size.</para>
/// <para>The information's contributions are measured on the trace of the information with every column divided by its
/// root mean square over the cohort, so no column's units (age in years, a 0/1 dummy) decide the share.</para>
/// <para>Everything is computed from logarithms of the weights, so a coefficient vector whose weights all underflow
/// double precision still has a well-defined (and tiny) effective sample size rather than 0/0.</para>
/// </remarks>
/// <param name="WeightEss">Effective sample size of the per-patient weights.</param>
/// <param name="InformationEss">Effective sample size of the per-patient contributions to the (scaled) information trace.</param>
/// <param name="LargestShare">The largest single patient's share of the (scaled) information trace, in [0, 1].</param>
internal sealed record ModelWeights(double WeightEss, double InformationEss, double LargestShare)
{
    /// <summary>The logistic model's weights <c>p(1−p)</c> at <paramref name="beta"/>.</summary>
    public static ModelWeights Logistic(double[][] x, double[] beta)
    {
        var scale = RootMeanSquares(x);
        var logWeight = new double[x.Length];
        var logContribution = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var eta = Dot(x[i], beta);
            var a = Math.Abs(eta);
            // log p(1−p) = −|η| − 2 log(1 + e^−|η|), exact for any η.
            logWeight[i] = -a - 2 * Math.Log(1 + Math.Exp(-a));
            logContribution[i] = logWeight[i] + Math.Log(ScaledNorm(x[i], null, scale));
        }
        var (contributionEss, share) = EssAndShare(logContribution);
        return new ModelWeights(EssAndShare(logWeight).Ess, contributionEss, share);
    }

    /// <summary>
    /// The Cox model's risk-set weights at <paramref name="beta"/> (one stratum, deaths at a time handled as Breslow's:
    /// the decomposition is per patient either way, and Efron's weights differ only within tied deaths).
    /// </summary>
    /// <param name="x">Covariates per patient.</param>
    /// <param name="time">Follow-up per patient.</param>
    /// <param name="died">Whether each patient died.</param>
    /// <param name="beta">The coefficients.</param>
    public static ModelWeights Cox(double[][] x, double[] time, bool[] died, double[] beta)
    {
        var n = x.Length;
        var p = beta.Length;
        var scale = StandardDeviations(x);
        var eta = x.Select(r => Dot(r, beta)).ToArray();
        var top = eta.Length == 0 ? 0 : eta.Max();
        // exp(η − max η): the largest is 1, the rest may underflow to 0, which is what they are worth beside it.
        var risk = eta.Select(e => Math.Exp(e - top)).ToArray();
        var weight = new double[n];
        var contribution = new double[n];
        var order = Enumerable.Range(0, n).OrderBy(i => time[i]).ToArray();
        var deathTimes = order.Where(i => died[i]).Select(i => time[i]).Distinct().ToArray();
        var start = 0;
        foreach (var t in deathTimes)
        {
            while (start < n && time[order[start]] < t) start++;
            var deaths = 0;
            double total = 0;
            var mean = new double[p];
            for (var k = start; k < n; k++)
            {
                var i = order[k];
                if (time[i] == t && died[i]) deaths++;
                total += risk[i];
                for (var j = 0; j < p; j++) mean[j] += risk[i] * x[i][j];
            }
            if (total <= 0) continue;
            for (var j = 0; j < p; j++) mean[j] /= total;
            for (var k = start; k < n; k++)
            {
                var i = order[k];
                var share = deaths * risk[i] / total;
                weight[i] += share;
                contribution[i] += share * ScaledNorm(x[i], mean, scale);
            }
        }
        var (contributionEss, largest) = EssAndShare(contribution.Select(v => Math.Log(v)).ToArray());
        return new ModelWeights(EssAndShare(weight.Select(v => Math.Log(v)).ToArray()).Ess, contributionEss, largest);
    }

    /// <summary>Kish's effective sample size and the largest share, from log-weights (−∞ for a zero weight).</summary>
    private static (double Ess, double Share) EssAndShare(double[] logWeights)
    {
        var top = logWeights.Length == 0 ? double.NegativeInfinity : logWeights.Max();
        if (double.IsNegativeInfinity(top) || double.IsNaN(top)) return (0, 1);
        double sum = 0, squares = 0;
        foreach (var l in logWeights)
        {
            var w = Math.Exp(l - top);
            sum += w;
            squares += w * w;
        }
        return (sum * sum / squares, 1 / sum);
    }

    private static double ScaledNorm(double[] row, double[]? centre, double[] scale)
    {
        double total = 0;
        for (var j = 0; j < row.Length; j++)
        {
            var d = (row[j] - (centre?[j] ?? 0)) / scale[j];
            total += d * d;
        }
        return total;
    }

    private static double[] RootMeanSquares(double[][] x) => Column(x, (values, _) => Math.Sqrt(values.Average(v => v * v)));

    private static double[] StandardDeviations(double[][] x) => Column(x, (values, _) =>
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    });

    private static double[] Column(double[][] x, Func<double[], int, double> measure)
    {
        var p = x.Length == 0 ? 0 : x[0].Length;
        var result = new double[p];
        for (var j = 0; j < p; j++)
        {
            var value = x.Length == 0 ? 0 : measure(x.Select(r => r[j]).ToArray(), j);
            // A constant column carries no information to share out; 1 keeps the division harmless.
            result[j] = value > 0 && double.IsFinite(value) ? value : 1;
        }
        return result;
    }

    /// <summary>The per-column scale the protected mode's noise is proportional to: root mean square (logistic, which
    /// has an intercept) or standard deviation (Cox, whose statistics are centred in each risk set).</summary>
    public static double[] NoiseScale(double[][] x, bool centred) => centred ? StandardDeviations(x) : RootMeanSquares(x);

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }
}
