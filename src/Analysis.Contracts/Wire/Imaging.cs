using Analysis.Contracts.Beacon;

namespace Analysis.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/imaging/search</c> (and the query of its <c>GET</c> form,
/// <c>?gender=&amp;diagnosis=&amp;modality=&amp;bodyPart=&amp;manufacturer=</c>): EUCAIM's federated search, AND across the
/// categories, one value each; an omitted category matches everything.
/// </summary>
public sealed record ImagingSearchRequest
{
    /// <summary>Sex (EUCAIM category SNOMED CT 263495000): <c>248152002</c> female or <c>248153007</c> male (also <c>female</c>, <c>male</c>).</summary>
    public string? Gender { get; init; }

    /// <summary>Diagnosis (SNOMED CT 439401001): the primary cancer's SNOMED CT code, e.g. <c>254837009</c>.</summary>
    public string? Diagnosis { get; init; }

    /// <summary>Modality (RadLex RID10311): a RadLex code such as <c>RID10321</c> (CT) or the DICOM term (<c>CT</c>).</summary>
    public string? Modality { get; init; }

    /// <summary>Body part (SNOMED CT 123037004): a SNOMED CT code such as <c>51185008</c> (chest) or the DICOM term (<c>CHEST</c>).</summary>
    public string? BodyPart { get; init; }

    /// <summary>Manufacturer (NCIt C25392): as DICOM (0008,0070) names it, matched ignoring case.</summary>
    public string? Manufacturer { get; init; }
}

/// <summary>Answer of <c>imaging/search</c>: how many subjects and studies have a series matching every category, each
/// under the site's disclosure control (suppressed under the cell threshold; perturbed and rounded in protected mode).</summary>
/// <param name="Subjects">Patients with at least one matching series.</param>
/// <param name="Studies">Studies with at least one matching series (withheld whenever the subjects are).</param>
public sealed record ImagingSearchResult(ReleasedCell Subjects, ReleasedCell Studies);

/// <summary>One imaging collection of a Beacon v2 <c>/collections</c> answer: the site's imaging, as counts.</summary>
/// <param name="Id">The collection's id (the beacon id + <c>.imaging</c>).</param>
/// <param name="Name">Its name.</param>
/// <param name="NumberOfSubjects">Matching subjects; null when withheld (see <paramref name="CountAdjustedTo"/>).</param>
/// <param name="NumberOfStudies">Matching studies; null when withheld.</param>
/// <param name="CountPrecision"><c>exact</c>, <c>rounded</c> (protected mode) or <c>imprecise</c> (withheld).</param>
/// <param name="CountAdjustedTo">The withheld display (e.g. <c>&lt;5</c>) when the counts were withheld.</param>
public sealed record ImagingCollection(string Id, string Name, long? NumberOfSubjects, long? NumberOfStudies, string CountPrecision,
    IReadOnlyList<string>? CountAdjustedTo = null);

/// <summary>The <c>response</c> of a Beacon v2 collections answer.</summary>
/// <param name="Collections">The matching collections (one per site).</param>
public sealed record ImagingCollections(IReadOnlyList<ImagingCollection> Collections);

/// <summary>Answer of the Beacon v2 <c>/api/collections</c> route: meta, summary (exists, subjects) and the collections.</summary>
/// <param name="Meta">Beacon meta.</param>
/// <param name="ResponseSummary">Whether subjects match, and how many (the same released count as the collection's).</param>
/// <param name="Response">The collections.</param>
public sealed record BeaconCollectionsResponse(BeaconMeta Meta, BeaconSummary ResponseSummary, ImagingCollections Response);

/// <summary>The imaging processing operations a site may allow (its policy's <c>processing</c> allowlist, as vantage6's node policies list the algorithms a node runs).</summary>
public static class ImagingOperations
{
    /// <summary>Counts of subjects and studies by the EUCAIM categories (<c>imaging/search</c>, Beacon <c>/collections</c>).</summary>
    public const string Search = "imaging.search";

    /// <summary>Image-derived features per patient (tumour volume, mean intensity in the mask) as cohort variables.</summary>
    public const string Features = "imaging.features";

    /// <summary>Evaluation of a model on the site's images (AUC and calibration counts).</summary>
    public const string Evaluate = "imaging.evaluate";

    /// <summary>Federated training of the slice CNN on the site's images.</summary>
    public const string Train = "imaging.train";

    /// <summary>Every operation a node knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Search, Features, Evaluate, Train];

    /// <summary>What a site allows when its <c>node.json</c> names nothing: counts and features, not training or evaluation.</summary>
    public static IReadOnlyList<string> Default { get; } = [Search, Features];
}
