namespace Analysis.Federation;

/// <summary>Administrative sex as the nodes record it.</summary>
public enum Sex
{
    /// <summary>Female.</summary>
    Female,

    /// <summary>Male.</summary>
    Male,
}

/// <summary>AJCC stage group.</summary>
public enum StageGroup
{
    /// <summary>Stage I.</summary>
    I,

    /// <summary>Stage II.</summary>
    II,

    /// <summary>Stage III.</summary>
    III,

    /// <summary>Stage IV.</summary>
    IV,
}

/// <summary>One biomarker state a patient must have, e.g. <c>Er.Positive</c> or <c>Kras.Present</c>.</summary>
/// <param name="Name">The node's variable name (ER, PR, HER2, KRAS, EGFR, TP53, PIK3CA).</param>
/// <param name="State">positive|negative for receptors, present|absent for genes.</param>
public sealed record Biomarker(string Name, string State)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {State}";
}

/// <summary>Estrogen receptor states.</summary>
public static class Er
{
    /// <summary>ER positive.</summary>
    public static Biomarker Positive { get; } = new("ER", "positive");

    /// <summary>ER negative.</summary>
    public static Biomarker Negative { get; } = new("ER", "negative");
}

/// <summary>Progesterone receptor states.</summary>
public static class Pr
{
    /// <summary>PR positive.</summary>
    public static Biomarker Positive { get; } = new("PR", "positive");

    /// <summary>PR negative.</summary>
    public static Biomarker Negative { get; } = new("PR", "negative");
}

/// <summary>HER2 states.</summary>
public static class Her2
{
    /// <summary>HER2 positive.</summary>
    public static Biomarker Positive { get; } = new("HER2", "positive");

    /// <summary>HER2 negative.</summary>
    public static Biomarker Negative { get; } = new("HER2", "negative");
}

/// <summary>Gene mutation status as reported by the genetic variant assessment (not the MAF; see <see cref="Cohort.Mutation"/>).</summary>
public static class Gene
{
    /// <summary>A variant in <paramref name="symbol"/> was found.</summary>
    public static Biomarker Present(string symbol) => new(symbol.ToUpperInvariant(), "present");

    /// <summary>No variant in <paramref name="symbol"/> was found.</summary>
    public static Biomarker Absent(string symbol) => new(symbol.ToUpperInvariant(), "absent");
}
