namespace Analysis.Stats.Tests;

/// <summary>The optimiser on likelihoods whose answer is known in closed form.</summary>
public sealed class NewtonRaphsonTests
{
    // log L(b) = -log cosh(b - 3): maximum at b = 3, and from 0 a full Newton step lands near b = 100, where the
    // likelihood is far lower; without step-halving Newton diverges.
    private static ValueTask<ScoreStep> LogCosh(double[] beta, CancellationToken ct)
    {
        var d = beta[0] - 3;
        var sech = 1 / Math.Cosh(d);
        return ValueTask.FromResult(new ScoreStep([-Math.Tanh(d)], [[sech * sech]], -Math.Log(Math.Cosh(d)), 1, 1));
    }

    [Fact]
    public async Task StepHalvingRescuesAnOvershootingStep()
    {
        var fit = await NewtonRaphson.FitAsync(["b"], LogCosh);
        Assert.True(fit.Converged, fit.Warning);
        Assert.Equal(3, fit.Beta[0], 8);
        Assert.Equal(0, fit.LogLikelihood, 12);
        Assert.Equal(-Math.Log(Math.Cosh(3)), fit.NullLogLikelihood, 12);
        Assert.Equal(1, fit.Covariance[0][0], 8); // 1 / information at the maximum, sech²(0) = 1
    }

    [Fact]
    public async Task RoundingNoiseInTheLikelihoodTakesTheSameStepsToTheSameMaximum()
    {
        // Sites summed in another order change the last bits of the log-likelihood; near the maximum a step's true gain is
        // below them, so such noise must neither halve a step (stopping short of the maximum) nor add iterations.
        var calls = 0;
        ValueTask<ScoreStep> Noisy(double[] beta, CancellationToken ct)
        {
            var step = LogCosh(beta, ct).Result;
            var noise = calls++ % 2 == 1 ? -1e-15 * Math.Max(1, Math.Abs(step.LogLikelihood)) : 0;
            return ValueTask.FromResult(step with { LogLikelihood = step.LogLikelihood + noise });
        }
        var clean = await NewtonRaphson.FitAsync(["b"], LogCosh);
        var noisy = await NewtonRaphson.FitAsync(["b"], Noisy);
        Assert.True(noisy.Converged, noisy.Warning);
        Assert.Equal(clean.Iterations, noisy.Iterations);
        Assert.Equal(3, noisy.Beta[0], 12);
        Assert.Equal(clean.Beta[0], noisy.Beta[0], 14);
    }

    [Fact]
    public async Task QuadraticLikelihoodConvergesInOneStepToItsMaximum()
    {
        // log L = -(b - m)' A (b - m) / 2: score A (m - b), information A; the answer is m with covariance A⁻¹.
        double[] m = [1.5, -2];
        double[][] a = [[2, 0.5], [0.5, 1]];
        var fit = await NewtonRaphson.FitAsync(["x", "y"], (beta, ct) =>
        {
            var d = new[] { m[0] - beta[0], m[1] - beta[1] };
            var score = new[] { a[0][0] * d[0] + a[0][1] * d[1], a[1][0] * d[0] + a[1][1] * d[1] };
            return ValueTask.FromResult(new ScoreStep(score, a, -(d[0] * score[0] + d[1] * score[1]) / 2 - 1, 10, 3));
        });
        Assert.True(fit.Converged);
        Assert.Equal(m, fit.Beta.Select(b => Math.Round(b, 12)));
        var det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        Assert.Equal(a[1][1] / det, fit.Covariance[0][0], 12);
        Assert.Equal(-a[0][1] / det, fit.Covariance[0][1], 12);
        Assert.Equal(2, fit.Iterations); // one step to the maximum, one that confirms nothing changes
        Assert.Equal(10, fit.N);
        Assert.Equal(3, fit.Events);
    }
}
