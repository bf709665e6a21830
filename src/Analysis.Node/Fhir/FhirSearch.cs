using System.Globalization;
using System.Text;
using Analysis.Node.Pipeline;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Fhir;

/// <summary>A validated search: the SQL condition over the type's table and the page to return.</summary>
/// <param name="Type">The resource type searched.</param>
/// <param name="Where">The SQL condition (parameters only, never pasted input).</param>
/// <param name="Parameters">The condition's parameters.</param>
/// <param name="Criteria">The search parameters other than paging, in request order, for the Bundle's links.</param>
/// <param name="Count">The page size.</param>
/// <param name="Offset">How many matches precede the page.</param>
internal sealed record FhirSearch(FhirResourceType Type, string Where, IReadOnlyList<DuckDBParameter> Parameters,
    IReadOnlyList<KeyValuePair<string, string>> Criteria, int Count, int Offset)
{
    public const int DefaultCount = 50;
    public const int MaxCount = 1000;

    /// <summary>The search parameters each type accepts, beyond paging; the CapabilityStatement lists the same.</summary>
    public static IReadOnlyList<string> ParametersOf(FhirResourceType type) => type.HasSubject ? ["_id", "code", "subject", "patient"] : ["_id"];

    /// <summary>Validates the query string; anything unknown or malformed is a 400 naming the parameter.</summary>
    /// <param name="type">The resource type searched.</param>
    /// <param name="query">The query string.</param>
    /// <param name="maxListLength">The most values a search may hold in all (the site's <c>limits.maxListLength</c>), as every list of the API.</param>
    public static FhirSearch Parse(FhirResourceType type, IQueryCollection query, int maxListLength = int.MaxValue)
    {
        var values = 0;
        var clauses = new List<string>();
        var parameters = new List<DuckDBParameter>();
        var criteria = new List<KeyValuePair<string, string>>();
        int count = DefaultCount, offset = 0;
        var allowed = ParametersOf(type);
        foreach (var (key, given) in query)
        {
            foreach (var value in given.OfType<string>())
            {
                switch (key)
                {
                    case "_count": count = Integer(key, value, MaxCount); continue;
                    case "_offset": offset = Integer(key, value, int.MaxValue); continue;
                }
                if (!allowed.Contains(key))
                    throw RequestException.Invalid(key, $"unknown search parameter '{key}' for {type.Name}; supported: {string.Join(", ", allowed.Append("_count").Append("_offset"))}");
                if (value.Length == 0) throw RequestException.Invalid(key, $"search parameter '{key}' has no value");
                values += value.Count(c => c == ',') + 1;
                if (values > maxListLength)
                    throw RequestException.Invalid(key, $"a search may hold at most {maxListLength} values in all (limits.maxListLength)");
                criteria.Add(new(key, value));
                // Comma-separated values are alternatives (OR); a repeated parameter must hold too (AND).
                clauses.Add("(" + string.Join(" OR ", value.Split(',').Select(v => Clause(type, key, v, parameters))) + ")");
            }
        }
        return new FhirSearch(type, clauses.Count == 0 ? "TRUE" : string.Join(" AND ", clauses), parameters, criteria, count, offset);
    }

    private static string Clause(FhirResourceType type, string key, string value, List<DuckDBParameter> parameters)
    {
        string Bind(string v)
        {
            var name = $"p{parameters.Count}";
            parameters.Add(new DuckDBParameter(name, v));
            return "$" + name;
        }
        switch (key)
        {
            case "_id":
                return $"id = {Bind(value)}";
            case "subject" or "patient":
                return $"patient_id = {Bind(PatientId(key, value))}";
            default:
                var bar = value.IndexOf('|');
                var (system, code) = bar < 0 ? (null, value) : (value[..bar], value[(bar + 1)..]);
                if (code.Length == 0) throw RequestException.Invalid(key, $"'{value}' has no code after the '|'");
                // An empty system ("|code") means any system, like a bare code; a system the type does not store matches nothing.
                var columns = type.Codes.Where(c => string.IsNullOrEmpty(system) || c.System == system).Select(c => c.Column).ToList();
                if (columns.Count == 0) return "FALSE";
                var p = Bind(code);
                return string.Join(" OR ", columns.Select(c => $"{c} = {p}"));
        }
    }

    private static string PatientId(string key, string value)
    {
        const string prefix = "Patient/";
        var id = value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : value;
        if (id.Length == 0 || id.Contains('/'))
            throw RequestException.Invalid(key, $"'{value}' is not a patient reference (Patient/<id> or <id>)");
        return id;
    }

    private static int Integer(string key, string value, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > max)
            throw RequestException.Invalid(key, $"'{key}' must be a whole number from 0 to {max}, not '{value}'");
        return n;
    }

    /// <summary>The URL of the page starting at <paramref name="offset"/>, with the same criteria and size.</summary>
    public string PageUrl(string baseUrl, int offset)
    {
        var url = new StringBuilder(baseUrl).Append(Type.Name).Append('?');
        foreach (var (k, v) in Criteria) url.Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v)).Append('&');
        return url.Append(CultureInfo.InvariantCulture, $"_count={Count}&_offset={offset}").ToString();
    }
}
