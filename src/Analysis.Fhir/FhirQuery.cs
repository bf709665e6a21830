using System.Collections.Immutable;
using Hl7.Fhir.Rest;

namespace Analysis.Fhir;

/// <summary>
/// A FHIR search written fluently in a notebook cell, e.g. <c>FhirQuery.Code("http://loinc.org", "21908-9").Count(20)</c>.
/// Immutable: each call returns a new query. For anything it does not cover, pass Firely's <see cref="SearchParams"/>.
/// </summary>
public sealed record FhirQuery
{
    /// <summary>No condition: every resource of the type.</summary>
    public static FhirQuery All { get; } = new();

    /// <summary>The search parameters as name/value pairs, in the order given.</summary>
    public ImmutableList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>The page size asked for; null leaves it to <see cref="FhirSourceOptions.PageSize"/>.</summary>
    public int? PageSize { get; init; }

    /// <summary>Resources with this code (<c>code=system|code</c>).</summary>
    public static FhirQuery Code(string system, string code) => All.WithCode(system, code);

    /// <summary>Resources of this patient (<c>subject=Patient/{id}</c>).</summary>
    public static FhirQuery Patient(string patientId) => All.ForPatient(patientId);

    /// <summary>Adds <c>code=system|code</c>.</summary>
    public FhirQuery WithCode(string system, string code) => Where("code", $"{system}|{code}");

    /// <summary>Adds <c>subject=Patient/{id}</c>.</summary>
    public FhirQuery ForPatient(string patientId) => Where("subject", $"Patient/{patientId}");

    /// <summary>Adds <c>_id</c> with the ids given (any of them matches).</summary>
    public FhirQuery Ids(params string[] ids) => Where("_id", string.Join(',', ids));

    /// <summary>Adds any search parameter, as the server names it (repeats are AND, commas in a value OR).</summary>
    public FhirQuery Where(string name, string value) => this with { Parameters = Parameters.Add(new(name, value)) };

    /// <summary>Asks for pages of <paramref name="pageSize"/> resources (<c>_count</c>).</summary>
    public FhirQuery Count(int pageSize) => this with { PageSize = pageSize };

    /// <summary>The query as Firely's search parameters.</summary>
    public SearchParams ToSearchParams()
    {
        var search = new SearchParams();
        foreach (var (name, value) in Parameters) search.Add(name, value);
        if (PageSize is { } size) search.Count = size;
        return search;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join('&', Parameters.Select(p => $"{p.Key}={p.Value}").Concat(PageSize is { } n ? [$"_count={n}"] : []));
}
