namespace Analysis.Contracts;

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

/// <summary>The values of <see cref="Sex"/> and <see cref="StageGroup"/> as they stand on the wire and in the site database.</summary>
public static class Levels
{
    /// <summary><c>female</c> or <c>male</c>.</summary>
    public static string ToWire(this Sex sex) => sex == Sex.Female ? "female" : "male";

    /// <summary><c>I</c> to <c>IV</c>.</summary>
    public static string ToWire(this StageGroup stage) => stage.ToString();

    /// <summary>The stage group names a node accepts.</summary>
    public static IReadOnlyList<string> StageGroups { get; } = ["I", "II", "III", "IV"];

    /// <summary>Receptor states (ER, PR, HER2).</summary>
    public static IReadOnlyList<string> ReceptorStates { get; } = ["positive", "negative"];

    /// <summary>Gene status states (KRAS, EGFR, TP53, PIK3CA).</summary>
    public static IReadOnlyList<string> GeneStates { get; } = ["present", "absent"];
}

/// <summary>One biomarker state a patient must have, e.g. <c>Er.Positive</c> or <c>Gene.Present("KRAS")</c>.</summary>
/// <param name="Name">The biomarker's name as filters use it (ER, PR, HER2, KRAS, EGFR, TP53, PIK3CA).</param>
/// <param name="State">positive|negative for receptors, present|absent for genes.</param>
public sealed record Biomarker(string Name, string State)
{
    /// <summary>The receptor biomarkers a filter accepts, with their patient variable.</summary>
    public static IReadOnlyDictionary<string, string> Receptors { get; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ER"] = "er", ["PR"] = "pr", ["HER2"] = "her2" };

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

/// <summary>Gene mutation status as the genetic variant assessment reports it (not the MAF: a cohort's <c>Mutation</c> filter reads that).</summary>
public static class Gene
{
    /// <summary>A variant in <paramref name="symbol"/> was found.</summary>
    public static Biomarker Present(string symbol) => new(symbol.ToUpperInvariant(), "present");

    /// <summary>No variant in <paramref name="symbol"/> was found.</summary>
    public static Biomarker Absent(string symbol) => new(symbol.ToUpperInvariant(), "absent");

    /// <summary>A variant in <paramref name="gene"/> was found.</summary>
    public static Biomarker Present(MarkerGene gene) => Present(gene.Symbol());

    /// <summary>No variant in <paramref name="gene"/> was found.</summary>
    public static Biomarker Absent(MarkerGene gene) => Absent(gene.Symbol());
}
