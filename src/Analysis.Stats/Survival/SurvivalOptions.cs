namespace Analysis.Stats;

/// <summary>How the confidence interval of a survival curve is computed (R's <c>conf.type</c>).</summary>
public enum ConfidenceType
{
    /// <summary>On log(S), R's default: S·exp(±z·se(log S)), the upper limit capped at 1.</summary>
    Log,
    /// <summary>On log(-log S): S^exp(±z·se/log S).</summary>
    LogLog,
    /// <summary>On S itself: S ± z·se(S), clipped to [0, 1].</summary>
    Plain,
}

/// <summary>Options of Kaplan-Meier estimation.</summary>
public sealed record SurvivalOptions
{
    /// <summary>Confidence level of the pointwise intervals and of the median's interval (default 0.95).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Scale on which the interval is computed (default <see cref="ConfidenceType.Log"/>, as R).</summary>
    public ConfidenceType ConfidenceType { get; init; } = ConfidenceType.Log;

    /// <summary>The defaults: 95%, log scale.</summary>
    public static SurvivalOptions Default { get; } = new();

    internal double Z()
    {
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "The confidence level must be between 0 and 1.");
        return MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - (1 - ConfidenceLevel) / 2);
    }
}
