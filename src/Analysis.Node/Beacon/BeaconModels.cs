using System.Text.Json;

namespace Analysis.Node.Beacon;

/// <summary>A Beacon v2 request body (<c>POST /api/individuals</c>); members the node does not use are ignored, as Beacon clients send many.</summary>
public sealed record BeaconRequest
{
    /// <summary>The query part.</summary>
    public BeaconQuery? Query { get; init; }
}

/// <summary>The <c>query</c> member of a Beacon request.</summary>
public sealed record BeaconQuery
{
    /// <summary>Filters that must all hold.</summary>
    public IReadOnlyList<BeaconFilter>? Filters { get; init; }

    /// <summary><c>boolean</c> or <c>count</c> (the default); <c>record</c> is not offered.</summary>
    public string? RequestedGranularity { get; init; }
}

/// <summary>A Beacon v2 genomic variants request body (<c>POST /api/g_variants</c>).</summary>
public sealed record BeaconVariantRequest
{
    /// <summary>The query part.</summary>
    public BeaconVariantQuery? Query { get; init; }
}

/// <summary>The <c>query</c> member of a genomic variants request.</summary>
public sealed record BeaconVariantQuery
{
    /// <summary>The variant asked about.</summary>
    public Query.VariantQuery? RequestParameters { get; init; }

    /// <summary><c>boolean</c> or <c>count</c> (the default).</summary>
    public string? RequestedGranularity { get; init; }
}

/// <summary>A Beacon filter: an ontology term (<c>id</c> only) or an alphanumeric comparison (<c>id</c>, <c>operator</c>, <c>value</c>).</summary>
public sealed record BeaconFilter
{
    /// <summary>A CURIE such as <c>SNOMED:254837009</c>, or a field name such as <c>age_at_diagnosis</c>.</summary>
    public string? Id { get; init; }

    /// <summary>For alphanumeric filters: <c>=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
    public string? Operator { get; init; }

    /// <summary>For alphanumeric filters: the value (a string or number).</summary>
    public JsonElement? Value { get; init; }
}

/// <summary>The Beacon response <c>meta</c> section.</summary>
/// <param name="BeaconId">The beacon's id.</param>
/// <param name="ApiVersion">The Beacon API version.</param>
/// <param name="ReturnedGranularity">The granularity answered.</param>
/// <param name="ReceivedRequestSummary">What was asked.</param>
/// <param name="ReturnedSchemas">The schemas of the returned entities.</param>
public sealed record BeaconMeta(string BeaconId, string ApiVersion, string ReturnedGranularity, object? ReceivedRequestSummary, IReadOnlyList<object> ReturnedSchemas);

/// <summary>The Beacon <c>responseSummary</c> section.</summary>
/// <param name="Exists">True when at least the minimum cell count of individuals match.</param>
/// <param name="NumTotalResults">The count; omitted for boolean answers, 0 when under the threshold.</param>
/// <param name="CountPrecision"><c>exact</c>, or <c>imprecise</c> when the count was under the threshold and withheld.</param>
/// <param name="CountAdjustedTo">For imprecise counts, what the count was adjusted to, e.g. <c>&lt;5</c>.</param>
public sealed record BeaconSummary(bool Exists, long? NumTotalResults, string? CountPrecision, IReadOnlyList<string>? CountAdjustedTo);

/// <summary>A Beacon boolean or count response.</summary>
/// <param name="Meta">The meta section.</param>
/// <param name="ResponseSummary">The answer.</param>
public sealed record BeaconResponse(BeaconMeta Meta, BeaconSummary ResponseSummary);

/// <summary>The Beacon <c>/api/info</c> response.</summary>
/// <param name="Meta">The meta section.</param>
/// <param name="Response">What the beacon is.</param>
public sealed record BeaconInfoResponse(BeaconMeta Meta, BeaconInfo Response);

/// <summary>The body of <c>/api/info</c>.</summary>
/// <param name="Id">The beacon id.</param>
/// <param name="Name">A human-readable name.</param>
/// <param name="ApiVersion">The Beacon API version.</param>
/// <param name="Environment">Deployment environment.</param>
/// <param name="Organization">Who runs it.</param>
/// <param name="Description">What it serves and how counts are protected.</param>
public sealed record BeaconInfo(string Id, string Name, string ApiVersion, string Environment, BeaconOrganization Organization, string Description);

/// <summary>The organisation running a beacon.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
public sealed record BeaconOrganization(string Id, string Name);
