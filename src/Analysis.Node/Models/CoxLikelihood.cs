namespace Analysis.Node.Models;

/// <summary>Score, information and log partial likelihood of a Cox model with Breslow ties at given coefficients.</summary>
/// <remarks>All patients given form one stratum: a site's risk sets hold only its own patients.</remarks>
internal static class CoxLikelihood
{
    public static (double[] Score, double[][] Information, double LogPartialLikelihood) Evaluate(double[][] x, long[] time, bool[] died, double[] beta)
    {
        var p = beta.Length;
        var eta = x.Select(row => Matrix.Dot(row, beta)).ToArray();
        // Risk-set sums are ratios, so a common shift of eta cancels and keeps exp() from overflowing; it returns in log S0.
        var shift = eta.Length == 0 ? 0 : eta.Max();
        var order = Enumerable.Range(0, x.Length).OrderByDescending(i => time[i]).ToArray();
        double s0 = 0;
        var s1 = new double[p];
        var s2 = Matrix.Square(p);
        var score = new double[p];
        var information = Matrix.Square(p);
        var logLikelihood = 0.0;
        for (var start = 0; start < order.Length;)
        {
            // Everyone with this time joins the risk set before its deaths are scored: Breslow gives tied deaths the full risk set.
            var end = start;
            while (end < order.Length && time[order[end]] == time[order[start]]) end++;
            var deaths = 0;
            for (var k = start; k < end; k++)
            {
                var i = order[k];
                var w = Math.Exp(eta[i] - shift);
                s0 += w;
                Matrix.AddScaled(s1, x[i], w);
                Matrix.AddOuter(s2, x[i], x[i], w);
                if (!died[i]) continue;
                deaths++;
                logLikelihood += eta[i];
                Matrix.AddScaled(score, x[i], 1);
            }
            if (deaths > 0)
            {
                var mean = s1.Select(v => v / s0).ToArray();
                logLikelihood -= deaths * (Math.Log(s0) + shift);
                Matrix.AddScaled(score, mean, -deaths);
                for (var a = 0; a < p; a++)
                    for (var b = 0; b < p; b++)
                        information[a][b] += deaths * (s2[a][b] / s0 - mean[a] * mean[b]);
            }
            start = end;
        }
        return (score, information, logLikelihood);
    }
}
