using Analysis.Contracts.Beacon;

namespace Analysis.Node.Beacon;

/// <summary>The Beacon v2 framework's informational answers (<c>/api/service-info</c>, <c>/api/configuration</c>,
/// <c>/api/map</c>): what the beacon is and where its queries go. They hold no data, so they are served without a
/// token, as the specification expects of them; every query stays behind a token with the <c>beacon</c> scope.</summary>
/// <param name="beaconId">The beacon's id (reverse domain name).</param>
/// <param name="name">The site's name.</param>
/// <param name="version">The node software's version.</param>
internal sealed class BeaconFramework(string beaconId, string name, string version)
{
    private const string SchemaBase = "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/models/json/beacon-v2-default-schemas/";

    private static readonly Dictionary<string, BeaconEntryType> EntryTypes = new(StringComparer.Ordinal)
    {
        ["individual"] = new BeaconEntryType("individual", "Individual", new OntologyTerm("NCIT:C25190", "Person"), "Beacon v2.0.0",
            "A patient of this site with a primary cancer diagnosis; queried with filters, answered as a boolean or a disclosure-controlled count.",
            new BeaconSchemaReference("beacon-individual-v2.0.0", "Default schema for an individual", SchemaBase + "individuals/defaultSchema.json", "v2.0.0")),
        ["genomicVariant"] = new BeaconEntryType("genomicVariant", "Genomic variant", new OntologyTerm("ENSGLOSSARY:0000092", "Variant"), "Beacon v2.0.0",
            "A somatic variant in the site's MAF, queried at a position or within a gene; answered as a boolean or a disclosure-controlled count of carriers.",
            new BeaconSchemaReference("beacon-g_variant-v2.0.0", "Default schema for a genomic variation", SchemaBase + "genomicVariations/defaultSchema.json", "v2.0.0")),
    };

    private BeaconInformationalMeta Meta => new(beaconId, BeaconService.ApiVersion, []);

    /// <summary>The GA4GH service-info of the beacon.</summary>
    /// <param name="baseUrl">The node's public base address, ending in <c>/</c>.</param>
    public BeaconServiceInfo ServiceInfo(string baseUrl) => new(beaconId, name, new ServiceType("org.ga4gh", "beacon", BeaconService.ApiVersion),
        "Cancer patients of this site (FHIR mCODE) and their somatic variants; counts are disclosure-controlled.",
        new ServiceOrganization(name, baseUrl), "prod", version);

    /// <summary>The beacon's configuration: maturity, security and entry types.</summary>
    public BeaconConfigurationResponse Configuration() => new(Meta,
        new BeaconConfiguration(new BeaconMaturity("PROD"), new BeaconSecurity("count", ["REGISTERED"]), EntryTypes));

    /// <summary>The beacon's map: where each entry type is queried.</summary>
    /// <param name="baseUrl">The node's public base address, ending in <c>/</c>.</param>
    public BeaconMapResponse Map(string baseUrl) => new(Meta, new BeaconMap(new Dictionary<string, BeaconEndpointSet>(StringComparer.Ordinal)
    {
        ["individual"] = new("individual", baseUrl + "api/individuals"),
        ["genomicVariant"] = new("genomicVariant", baseUrl + "api/g_variants"),
    }));
}
