using DuckDB.NET.Data;

namespace Analysis.Node.Query;

/// <summary>A SQL condition built from validated parts, with its values bound as parameters (never spliced into the text).</summary>
internal sealed class SqlCondition
{
    private readonly List<string> _parts = [];
    private readonly List<DuckDBParameter> _parameters = [];

    /// <summary>The parameters the condition refers to.</summary>
    public IReadOnlyList<DuckDBParameter> Parameters => _parameters;

    /// <summary>Adds a value as a parameter.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The placeholder to put in the SQL text.</returns>
    public string Parameter(object value)
    {
        var name = $"p{_parameters.Count}";
        _parameters.Add(new DuckDBParameter(name, value));
        return "$" + name;
    }

    /// <summary>Adds a part that must hold.</summary>
    /// <param name="part">The SQL of the part.</param>
    public void Add(string part) => _parts.Add(part);

    /// <summary>The conjunction of the parts.</summary>
    /// <returns>The SQL text.</returns>
    public override string ToString() => _parts.Count == 0 ? "TRUE" : string.Join(" AND ", _parts);
}
