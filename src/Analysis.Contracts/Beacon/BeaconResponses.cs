using System.Text.Json.Nodes;

namespace Analysis.Contracts.Beacon;

/// <summary>A schema an answer's entities follow.</summary>
/// <param name="EntityType">e.g. <c>individual</c> or <c>genomicVariant</c>.</param>
/// <param name="Schema">The schema's id, e.g. <c>beacon-g_variant-v2.0.0</c>.</param>
public sealed record BeaconSchema(string EntityType, string Schema);

/// <summary>The <c>meta</c> of every Beacon v2 answer.</summary>
/// <param name="BeaconId">The beacon's id.</param>
/// <param name="ApiVersion">The Beacon API version.</param>
/// <param name="ReturnedGranularity"><c>boolean</c> or <c>count</c>.</param>
/// <param name="ReceivedRequestSummary">What was asked, as the beacon understood it.</param>
/// <param name="ReturnedSchemas">The schemas of the returned entities.</param>
public sealed record BeaconMeta(string BeaconId, string ApiVersion, string ReturnedGranularity, JsonNode? ReceivedRequestSummary, IReadOnlyList<BeaconSchema> ReturnedSchemas);

/// <summary>The <c>responseSummary</c> of a Beacon v2 answer.</summary>
/// <param name="Exists">Whether anything matched (under the disclosure rule: at least the minimum cell count).</param>
/// <param name="NumTotalResults">The count, for count granularity; 0 with <c>imprecise</c> precision when withheld.</param>
/// <param name="CountPrecision"><c>exact</c>, <c>imprecise</c> or <c>rounded</c>.</param>
/// <param name="CountAdjustedTo">How a withheld count is shown (e.g. <c>&lt;5</c>).</param>
public sealed record BeaconSummary(bool Exists, long? NumTotalResults = null, string? CountPrecision = null, IReadOnlyList<string>? CountAdjustedTo = null);

/// <summary>A Beacon v2 boolean or count answer.</summary>
/// <param name="Meta">The answer's meta.</param>
/// <param name="ResponseSummary">The result.</param>
public sealed record BeaconResponse(BeaconMeta Meta, BeaconSummary ResponseSummary);

/// <summary>The organisation behind a beacon.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
public sealed record BeaconOrganization(string Id, string Name);

/// <summary>What a beacon is (<c>/api/info</c>'s <c>response</c>).</summary>
/// <param name="Id">The beacon's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ApiVersion">The Beacon API version.</param>
/// <param name="Environment"><c>prod</c>, <c>test</c>, <c>dev</c> or <c>staging</c>.</param>
/// <param name="Organization">Who runs it.</param>
/// <param name="Description">What it holds.</param>
public sealed record BeaconInfo(string Id, string Name, string ApiVersion, string Environment, BeaconOrganization Organization, string Description);

/// <summary>The <c>/api/info</c> answer.</summary>
/// <param name="Meta">The answer's meta.</param>
/// <param name="Response">The beacon's description.</param>
public sealed record BeaconInfoResponse(BeaconMeta Meta, BeaconInfo Response);
