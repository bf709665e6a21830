using System.Text.Json.Serialization;

namespace Analysis.Contracts.Beacon;

/// <summary>The <c>meta</c> of a Beacon v2 informational answer (<c>/api/configuration</c>, <c>/api/map</c>): no granularity, no request summary.</summary>
/// <param name="BeaconId">The beacon's id.</param>
/// <param name="ApiVersion">The Beacon API version.</param>
/// <param name="ReturnedSchemas">The schemas of the answer's entities (none for these answers).</param>
public sealed record BeaconInformationalMeta(string BeaconId, string ApiVersion, IReadOnlyList<BeaconSchema> ReturnedSchemas);

/// <summary>The kind of service in a GA4GH service-info (<c>org.ga4gh</c> / <c>beacon</c> / the spec's version).</summary>
/// <param name="Group">The namespace, <c>org.ga4gh</c>.</param>
/// <param name="Artifact">The specification, <c>beacon</c>.</param>
/// <param name="Version">The specification's version.</param>
public sealed record ServiceType(string Group, string Artifact, string Version);

/// <summary>Who runs a service, in a GA4GH service-info.</summary>
/// <param name="Name">The organisation's name.</param>
/// <param name="Url">Where it can be reached.</param>
public sealed record ServiceOrganization(string Name, string Url);

/// <summary>The <c>/api/service-info</c> answer: the GA4GH service-info 1.0 description of the beacon.</summary>
/// <param name="Id">The service's id, a reverse domain name (the beacon id).</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">What kind of service it is.</param>
/// <param name="Description">What it holds.</param>
/// <param name="Organization">Who runs it.</param>
/// <param name="Environment"><c>prod</c>, <c>test</c>, <c>dev</c> or <c>staging</c>.</param>
/// <param name="Version">The node software's version.</param>
public sealed record BeaconServiceInfo(string Id, string Name, ServiceType Type, string Description, ServiceOrganization Organization, string Environment, string Version);

/// <summary>The maturity of a beacon (<c>DEV</c>, <c>TEST</c> or <c>PROD</c>).</summary>
/// <param name="ProductionStatus">The status.</param>
public sealed record BeaconMaturity(string ProductionStatus);

/// <summary>How a beacon is protected.</summary>
/// <param name="DefaultGranularity">The granularity answered when a request names none.</param>
/// <param name="SecurityLevels">Which of <c>PUBLIC</c>, <c>REGISTERED</c>, <c>CONTROLLED</c> apply (queries need a token: <c>REGISTERED</c>).</param>
public sealed record BeaconSecurity(string DefaultGranularity, IReadOnlyList<string> SecurityLevels);

/// <summary>An ontology term.</summary>
/// <param name="Id">Its CURIE.</param>
/// <param name="Label">Its label.</param>
public sealed record OntologyTerm(string Id, string Label);

/// <summary>A schema an entry type's records follow.</summary>
/// <param name="Id">The schema's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ReferenceToSchemaDefinition">Where the schema is published.</param>
/// <param name="SchemaVersion">Its version.</param>
public sealed record BeaconSchemaReference(string Id, string Name, string ReferenceToSchemaDefinition, string SchemaVersion);

/// <summary>One entry type a beacon serves.</summary>
/// <param name="Id">The entry type, e.g. <c>individual</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="OntologyTermForThisType">The concept it stands for.</param>
/// <param name="PartOfSpecification">The specification defining it.</param>
/// <param name="Description">What a record of it is here.</param>
/// <param name="DefaultSchema">The schema its records follow.</param>
public sealed record BeaconEntryType(string Id, string Name, OntologyTerm OntologyTermForThisType, string PartOfSpecification, string Description, BeaconSchemaReference DefaultSchema);

/// <summary>The <c>response</c> of <c>/api/configuration</c>.</summary>
/// <param name="MaturityAttributes">How mature the beacon is.</param>
/// <param name="SecurityAttributes">How it is protected.</param>
/// <param name="EntryTypes">The entry types it serves, by id.</param>
public sealed record BeaconConfiguration(BeaconMaturity MaturityAttributes, BeaconSecurity SecurityAttributes, IReadOnlyDictionary<string, BeaconEntryType> EntryTypes)
{
    /// <summary>The schema this object follows.</summary>
    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/framework/json/configuration/beaconConfigurationSchema.json";
}

/// <summary>The <c>/api/configuration</c> answer.</summary>
/// <param name="Meta">The answer's meta.</param>
/// <param name="Response">The configuration.</param>
public sealed record BeaconConfigurationResponse(BeaconInformationalMeta Meta, BeaconConfiguration Response);

/// <summary>Where one entry type is queried.</summary>
/// <param name="EntryType">The entry type's id.</param>
/// <param name="RootUrl">The URL its queries go to.</param>
public sealed record BeaconEndpointSet(string EntryType, string RootUrl);

/// <summary>The <c>response</c> of <c>/api/map</c>: the beacon's endpoints by entry type, like a site map.</summary>
/// <param name="EndpointSets">The endpoint sets, by entry type.</param>
public sealed record BeaconMap(IReadOnlyDictionary<string, BeaconEndpointSet> EndpointSets)
{
    /// <summary>The schema this object follows.</summary>
    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/framework/json/configuration/beaconMapSchema.json";
}

/// <summary>The <c>/api/map</c> answer.</summary>
/// <param name="Meta">The answer's meta.</param>
/// <param name="Response">The map.</param>
public sealed record BeaconMapResponse(BeaconInformationalMeta Meta, BeaconMap Response);
