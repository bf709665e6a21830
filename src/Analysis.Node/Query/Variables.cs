using Analysis.Contracts;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Query;

/// <summary>The SQL of each patient variable of the contract (<see cref="Variable.All"/>) over the <c>patients</c> table.</summary>
/// <remarks>Names are looked up in a fixed table, never spliced into SQL, so a request cannot inject SQL.</remarks>
internal static class Variables
{
    private static readonly Dictionary<Variable, string> Sql = new()
    {
        [Variable.Sex] = "sex",
        [Variable.Diagnosis] = "diagnosis_snomed",
        [Variable.StageGroup] = "stage_group",
        [Variable.T] = "t",
        [Variable.N] = "n",
        [Variable.M] = "m",
        [Variable.Er] = "er",
        [Variable.Pr] = "pr",
        [Variable.Her2] = "her2",
        [Variable.Kras] = "kras",
        [Variable.Egfr] = "egfr",
        [Variable.Tp53] = "tp53",
        [Variable.Pik3ca] = "pik3ca",
        [Variable.Event] = "event",
        [Variable.AgeGroup] = "CAST(CAST(floor(age_at_diagnosis / 10) * 10 AS INTEGER) AS VARCHAR) || '-' || CAST(CAST(floor(age_at_diagnosis / 10) * 10 + 9 AS INTEGER) AS VARCHAR)",
        [Variable.AgeAtDiagnosis] = "age_at_diagnosis",
        [Variable.FollowupDays] = "followup_days",
        [Variable.TumourVolume] = "tumour_volume",
        [Variable.TumourIntensity] = "tumour_intensity",
    };

    // Histogram bins when a request gives no width: ten years of age, one year of follow-up, 5 mL of tumour, 10 HU.
    private static readonly Dictionary<Variable, int> DefaultBinWidths = new()
    {
        [Variable.AgeAtDiagnosis] = 10, [Variable.FollowupDays] = 365, [Variable.TumourVolume] = 5, [Variable.TumourIntensity] = 10,
    };

    /// <summary>The variables this node has SQL for (every contract variable; a test holds the two lists together).</summary>
    public static IReadOnlyCollection<Variable> Known => Sql.Keys;

    /// <summary>The categorical variable names, in contract order.</summary>
    public static IEnumerable<string> CategoricalNames => Variable.Categorical.Select(v => v.Name);

    /// <summary>The numeric variable names, in contract order.</summary>
    public static IEnumerable<string> NumericNames => Variable.Numeric.Select(v => v.Name);

    /// <summary>Whether <paramref name="name"/> is a categorical variable.</summary>
    public static bool IsCategorical(string? name) => Variable.Find(name) is { Kind: VariableKind.Categorical };

    /// <summary>Whether <paramref name="name"/> is a numeric variable.</summary>
    public static bool IsNumeric(string? name) => Variable.Find(name) is { Kind: VariableKind.Numeric };

    /// <summary>The SQL for a categorical variable as text, with missing values as <see cref="Variable.MissingLevel"/>.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="field">The request field it came from, for the error.</param>
    /// <returns>The SQL expression.</returns>
    /// <exception cref="RequestException">The name is not a categorical variable.</exception>
    public static string Categorical(string? name, string field) =>
        Variable.Find(name) is { Kind: VariableKind.Categorical } variable
            ? $"coalesce(CAST(({Sql[variable]}) AS VARCHAR), '{Variable.MissingLevel}')"
            : throw RequestException.Invalid(field, $"'{name}' is not a categorical variable; use one of: {string.Join(", ", CategoricalNames)}");

    /// <summary>The column of a numeric variable and its default histogram bin width.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="field">The request field it came from, for the error.</param>
    /// <returns>The column and default bin width.</returns>
    /// <exception cref="RequestException">The name is not a numeric variable.</exception>
    public static (string Column, int DefaultBinWidth) Numeric(string? name, string field) =>
        Variable.Find(name) is { Kind: VariableKind.Numeric } variable
            ? (Sql[variable], DefaultBinWidths[variable])
            : throw RequestException.Invalid(field, $"'{name}' is not a numeric variable; use one of: {string.Join(", ", NumericNames)}");
}
