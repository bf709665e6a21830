namespace Analysis.Node.Models;

/// <summary>Score, information and log-likelihood of a logistic regression at given coefficients.</summary>
internal static class LogisticLikelihood
{
    public static (double[] Score, double[][] Information, double LogLikelihood) Evaluate(double[][] x, bool[] y, double[] beta)
    {
        var p = beta.Length;
        var score = new double[p];
        var information = Matrix.Square(p);
        var logLikelihood = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var eta = Matrix.Dot(x[i], beta);
            var mu = Sigmoid(eta);
            // log(1 + e^eta) written so neither branch overflows for large |eta|.
            logLikelihood += (y[i] ? eta : 0) - (eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta)));
            Matrix.AddScaled(score, x[i], (y[i] ? 1 : 0) - mu);
            Matrix.AddOuter(information, x[i], x[i], mu * (1 - mu));
        }
        return (score, information, logLikelihood);
    }

    private static double Sigmoid(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));
}
