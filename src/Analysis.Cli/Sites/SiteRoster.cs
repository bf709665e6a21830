using Analysis.Synthetic;

namespace Analysis.Cli.Sites;

/// <summary>One local demo site: who it pretends to be and how its patients differ from the others'.</summary>
/// <param name="Name">Short name (folder name and FHIR id prefix).</param>
/// <param name="Country">ISO 3166-1 alpha-2 country code.</param>
/// <param name="Title">Human-readable name (Beacon info).</param>
/// <param name="Profile">Site profile: distinct presets so pooled analyses see heterogeneity.</param>
internal sealed record SiteDefinition(string Name, string Country, string Title, SiteProfile Profile);

/// <summary>The fixed list <c>analysis sites up</c> takes its first N sites from, so a name always means the same data.</summary>
internal static class SiteRoster
{
    /// <summary>Every site, in the order they are brought up; neighbours have different profiles.</summary>
    public static IReadOnlyList<SiteDefinition> All { get; } =
    [
        new("oslo", "NO", "Oslo University Hospital", SiteProfile.Academic),
        new("lyon", "FR", "Centre Léon Bérard, Lyon", SiteProfile.Community),
        new("heidelberg", "DE", "NCT Heidelberg", SiteProfile.Screening),
        new("porto", "PT", "IPO Porto", SiteProfile.Rural),
        new("uppsala", "SE", "Uppsala University Hospital", SiteProfile.Academic),
        new("milan", "IT", "Istituto Nazionale dei Tumori, Milan", SiteProfile.Community),
        new("utrecht", "NL", "UMC Utrecht", SiteProfile.Screening),
        new("tartu", "EE", "Tartu University Hospital", SiteProfile.Rural),
    ];
}
