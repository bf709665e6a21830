namespace Analysis.Viz;

/// <summary>
/// One Kaplan-Meier curve, shaped like R's <c>survfit</c>: one entry per time at which
/// anyone left the risk set (an event or a censoring), in increasing order.
/// </summary>
/// <param name="Name">The curve's label in the legend and the number-at-risk table.</param>
/// <param name="Times">Distinct follow-up times, increasing.</param>
/// <param name="Survival">Estimated survival just after each time, between 0 and 1.</param>
/// <param name="Lower">Lower confidence limit per time; null for no band.</param>
/// <param name="Upper">Upper confidence limit per time; null for no band.</param>
/// <param name="AtRisk">Number at risk just before each time (survfit's <c>n.risk</c>); null for no risk table row.</param>
/// <param name="Censored">Number censored at each time (survfit's <c>n.censor</c>); null for no censoring marks.</param>
public sealed record SurvivalSeries(
    string Name,
    double[] Times,
    double[] Survival,
    double[]? Lower = null,
    double[]? Upper = null,
    int[]? AtRisk = null,
    int[]? Censored = null)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the array that is empty, the wrong length, NaN or out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        Require.NotEmpty(Times, nameof(Times));
        Require.Finite(Times, nameof(Times));
        Require.NotDecreasing(Times, nameof(Times));
        Require.SameLength(Survival, Times.Length, nameof(Survival), nameof(Times));
        Require.Probabilities(Survival, nameof(Survival));
        Require.SameLength(Lower, Times.Length, nameof(Lower), nameof(Times));
        Require.SameLength(Upper, Times.Length, nameof(Upper), nameof(Times));
        Require.SameLength(AtRisk, Times.Length, nameof(AtRisk), nameof(Times));
        Require.SameLength(Censored, Times.Length, nameof(Censored), nameof(Times));
        if ((Lower is null) != (Upper is null))
            throw new ArgumentException($"curve '{Name}' has only one confidence limit: give both {nameof(Lower)} and {nameof(Upper)}, or neither.", Lower is null ? nameof(Lower) : nameof(Upper));
        if (Lower is not null) Require.Probabilities(Lower, nameof(Lower));
        if (Upper is not null) Require.Probabilities(Upper, nameof(Upper));
    }

    /// <summary>
    /// The number at risk at time <paramref name="t"/>: those whose follow-up reaches
    /// <paramref name="t"/>, i.e. <see cref="AtRisk"/> at the first listed time at or after it
    /// (nobody leaves between listed times), and 0 after the last.
    /// </summary>
    public int NumberAtRisk(double t)
    {
        if (AtRisk is null) throw new InvalidOperationException($"curve '{Name}' has no {nameof(AtRisk)} counts.");
        int i = Array.FindIndex(Times, time => time >= t);
        return i < 0 ? 0 : AtRisk[i];
    }
}
