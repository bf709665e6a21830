using Analysis.Contracts;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;

namespace Analysis.Node.Models;

/// <summary>Turns covariate names into design columns and loads the cohort's complete cases.</summary>
/// <remarks>Levels come from the whole site, not the cohort, as for the aggregates: which columns exist then says nothing
/// about the cohort, and every site with the same levels answers with the same columns, so a client can sum them.</remarks>
internal sealed class DesignSpec
{
    /// <summary>The name of the intercept column.</summary>
    public const string Intercept = "(intercept)";

    private readonly IReadOnlyList<Covariate> _covariates;
    private readonly bool _intercept;

    private DesignSpec(IReadOnlyList<Covariate> covariates, bool intercept, IReadOnlyList<string> columns)
    {
        _covariates = covariates;
        _intercept = intercept;
        Columns = columns;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Validates the covariate names (field <c>covariates</c>) and looks up the site's levels.</summary>
    public static DesignSpec Parse(IReadOnlyList<string>? names, bool intercept, QueryExecutor executor, IEnumerable<string> reserved)
    {
        if (names is null || names.Count == 0) throw RequestException.Invalid("covariates", "covariates must list at least one variable");
        var covariates = new List<Covariate>();
        for (var i = 0; i < names.Count; i++)
        {
            var field = $"covariates[{i}]";
            var name = names[i];
            if (names.Take(i).Contains(name)) throw RequestException.Invalid(field, $"'{name}' is listed twice");
            if (reserved.Contains(name)) throw RequestException.Invalid(field, $"'{name}' is the model's outcome and cannot also be a covariate");
            covariates.Add(Resolve(name, field, executor));
        }
        var columns = new List<string>();
        if (intercept) columns.Add(Intercept);
        foreach (var c in covariates)
        {
            if (c.Levels is null) columns.Add(c.Name);
            else columns.AddRange(c.Levels.Skip(1).Select(level => $"{c.Name}={level}"));
        }
        return new DesignSpec(covariates, intercept, columns);
    }

    /// <summary>The levels of a categorical variable present anywhere at the site, sorted, without the missing marker.</summary>
    public static List<string> SiteLevels(QueryExecutor executor, string sql) =>
        executor.Rows($"SELECT DISTINCT {sql} AS level FROM patients WHERE {sql} <> '{Variable.MissingLevel}' ORDER BY level", [])
            .Select(r => (string)r[0]!).ToList();

    /// <summary>The categorical variable's SQL when <paramref name="name"/> is one, else <c>null</c>.</summary>
    public static string? CategoricalSql(string? name, string field) =>
        Variables.IsCategorical(name) ? Variables.Categorical(name, field) : null;

    private static Covariate Resolve(string? name, string field, QueryExecutor executor)
    {
        if (name is not null && Variables.IsNumeric(name))
            return new Covariate(name, $"CAST({Variables.Numeric(name, field).Column} AS DOUBLE)", null);
        var sql = CategoricalSql(name, field)
            ?? throw RequestException.Invalid(field,
                $"unknown variable '{name}'; use one of: {string.Join(", ", Variables.NumericNames.Concat(Variables.CategoricalNames))}");
        return new Covariate(name!, sql, SiteLevels(executor, sql));
    }

    /// <summary>The starting coefficients: <paramref name="beta"/> checked against the columns (field <c>beta</c>), or zeros.</summary>
    public double[] Coefficients(IReadOnlyList<double>? beta)
    {
        if (beta is null) return new double[Columns.Count];
        if (beta.Count != Columns.Count)
            throw RequestException.Invalid("beta", $"beta has {beta.Count} values but the model has {Columns.Count} columns: {string.Join(", ", Columns)}");
        for (var i = 0; i < beta.Count; i++)
            if (!double.IsFinite(beta[i])) throw RequestException.Invalid($"beta[{i}]", "beta values must be finite numbers");
        return [.. beta];
    }

    /// <summary>Loads the cohort's complete cases: patients with every covariate and every extra column present.</summary>
    /// <param name="executor">Runs the SQL.</param>
    /// <param name="filter">The cohort.</param>
    /// <param name="extra">SQL of the extra columns to return with each row.</param>
    /// <param name="condition">What the extra columns need to be usable, e.g. <c>followup_days IS NOT NULL</c>.</param>
    public ModelRows Load(QueryExecutor executor, SqlCondition filter, IReadOnlyList<string> extra, string condition)
    {
        var present = _covariates.Select(c => c.IsCategorical ? $"{c.Sql} <> '{Variable.MissingLevel}'" : $"{c.Sql} IS NOT NULL");
        var where = string.Join(" AND ", new[] { filter.ToString(), condition }.Concat(present));
        var rows = executor.Rows($"SELECT {string.Join(", ", extra.Concat(_covariates.Select(c => c.Sql)))} FROM patients WHERE {where}", filter.Parameters);
        var x = rows.Select(r => Expand(r.AsSpan(extra.Count))).ToArray();
        var factors = new List<Factor>();
        for (var i = 0; i < _covariates.Count; i++)
        {
            if (_covariates[i].Levels is not { } levels) continue;
            var column = extra.Count + i;
            factors.Add(new Factor(_covariates[i].Name, levels, rows.Select(r => (string)r[column]!).ToArray()));
        }
        return new ModelRows(x, rows.Select(r => r[..extra.Count]).ToArray(), factors);
    }

    private double[] Expand(ReadOnlySpan<object?> values)
    {
        var x = new double[Columns.Count];
        var k = 0;
        if (_intercept) x[k++] = 1;
        for (var i = 0; i < _covariates.Count; i++)
        {
            if (_covariates[i].Levels is not { } levels)
            {
                x[k++] = Convert.ToDouble(values[i]);
                continue;
            }
            for (var l = 1; l < levels.Count; l++) x[k++] = (string)values[i]! == levels[l] ? 1 : 0;
        }
        return x;
    }
}
