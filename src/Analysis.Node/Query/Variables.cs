namespace Analysis.Node.Query;

/// <summary>The patient variables queries may group or summarise by, each mapped to a fixed SQL expression.</summary>
/// <remarks>Names are looked up in a fixed table, never spliced into SQL, so a request cannot inject SQL.</remarks>
public static class Variables
{
    /// <summary>The level a missing value is reported under.</summary>
    public const string Missing = "(missing)";

    private static readonly Dictionary<string, string> CategoricalSql = new(StringComparer.Ordinal)
    {
        ["sex"] = "sex",
        ["diagnosis"] = "diagnosis_snomed",
        ["stage_group"] = "stage_group",
        ["t"] = "t",
        ["n"] = "n",
        ["m"] = "m",
        ["er"] = "er",
        ["pr"] = "pr",
        ["her2"] = "her2",
        ["kras"] = "kras",
        ["egfr"] = "egfr",
        ["tp53"] = "tp53",
        ["pik3ca"] = "pik3ca",
        ["event"] = "event",
        ["age_group"] = "CAST(CAST(floor(age_at_diagnosis / 10) * 10 AS INTEGER) AS VARCHAR) || '-' || CAST(CAST(floor(age_at_diagnosis / 10) * 10 + 9 AS INTEGER) AS VARCHAR)",
    };

    private static readonly Dictionary<string, (string Column, int DefaultBinWidth)> NumericSql = new(StringComparer.Ordinal)
    {
        ["age_at_diagnosis"] = ("age_at_diagnosis", 10),
        ["followup_days"] = ("followup_days", 365),
    };

    /// <summary>The categorical variable names.</summary>
    public static IEnumerable<string> CategoricalNames => CategoricalSql.Keys;

    /// <summary>The numeric variable names.</summary>
    public static IEnumerable<string> NumericNames => NumericSql.Keys;

    /// <summary>The SQL for a categorical variable as text, with missing values as <see cref="Missing"/>.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="field">The request field it came from, for the error.</param>
    /// <returns>The SQL expression.</returns>
    /// <exception cref="RequestException">The name is not a categorical variable.</exception>
    public static string Categorical(string? name, string field) =>
        name is not null && CategoricalSql.TryGetValue(name, out var sql)
            ? $"coalesce(CAST(({sql}) AS VARCHAR), '{Missing}')"
            : throw RequestException.Invalid(field, $"'{name}' is not a categorical variable; use one of: {string.Join(", ", CategoricalNames)}");

    /// <summary>The column of a numeric variable and its default histogram bin width.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="field">The request field it came from, for the error.</param>
    /// <returns>The column and default bin width.</returns>
    /// <exception cref="RequestException">The name is not a numeric variable.</exception>
    public static (string Column, int DefaultBinWidth) Numeric(string? name, string field) =>
        name is not null && NumericSql.TryGetValue(name, out var v)
            ? v
            : throw RequestException.Invalid(field, $"'{name}' is not a numeric variable; use one of: {string.Join(", ", NumericNames)}");
}
