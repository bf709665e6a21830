namespace Analysis.Stats;

/// <summary>
/// How a Cox partial likelihood treats deaths at the same time (R's <c>coxph(ties = ...)</c>). The two agree when no
/// event times are tied and differ more the more deaths share a time (e.g. follow-up rounded to a 30-day grid).
/// </summary>
public enum CoxTies
{
    /// <summary>
    /// Efron's approximation, R's default: the d deaths at a time leave the risk set gradually, the r-th term's
    /// denominator removing r/d of the deaths' own weight. Closer to the exact partial likelihood than Breslow's.
    /// </summary>
    Efron,

    /// <summary>Breslow's approximation: every death at a time sees the whole risk set (as R's <c>ties = "breslow"</c>).</summary>
    Breslow,
}

/// <summary>Checks of a <see cref="CoxTies"/> argument.</summary>
internal static class CoxTiesArgument
{
    /// <summary>The value itself when it is a defined one.</summary>
    /// <exception cref="ArgumentException">A value cast from an integer that names no handling of ties.</exception>
    public static CoxTies Checked(CoxTies ties, string parameter) => Enum.IsDefined(ties) ? ties
        : throw new ArgumentException($"ties must be {nameof(CoxTies.Efron)} or {nameof(CoxTies.Breslow)}, not {(int)ties}.", parameter);
}
