using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Imaging;

/// <summary>
/// The Beacon v2 form of EUCAIM's federated search, <c>/api/collections</c>: the site's imaging as one collection with
/// its counts of matching subjects and studies (the same released numbers as <c>imaging/search</c>).
/// </summary>
/// <remarks>
/// Filters name a category and its value (<c>{"id": "RID10311", "value": "RID10321"}</c>; the category's code may carry
/// a <c>SNOMED:</c> or <c>NCIT:</c> prefix), or a coded value alone (<c>{"id": "RID10321"}</c>, <c>SNOMED:248152002</c>),
/// whose category is the one it belongs to; a diagnosis alone is its SNOMED CT code. The GET form takes the values alone
/// as <c>?filters=RID10321,SNOMED:51185008</c>. Only <c>=</c> is understood, and one value per category.
/// </remarks>
internal sealed class ImagingCollections(ImagingSearch search, string beaconId, string name, bool exact)
{
    /// <summary>Answers a collections request.</summary>
    /// <exception cref="RequestException">400 naming the filter that is not understood; 403/422 as the search.</exception>
    public BeaconCollectionsResponse Answer(BeaconRequest request)
    {
        var filters = request.Query?.Filters ?? [];
        var query = ToSearch(filters);
        var result = search.Search(query, "query.filters");
        var summary = new JsonObject
        {
            ["requestedGranularity"] = "count",
            ["filters"] = JsonSerializer.SerializeToNode(filters, ContractJson.Default.IReadOnlyListBeaconFilter),
        };
        var withheld = result.Subjects.IsSuppressed;
        var collection = new ImagingCollection($"{beaconId}.imaging", $"{name}: imaging", result.Subjects.Value, result.Studies.Value,
            withheld ? "imprecise" : exact ? "exact" : "rounded", withheld ? [result.Subjects.Display] : null);
        return new BeaconCollectionsResponse(
            new BeaconMeta(beaconId, "v2.0.0", "count", summary, [new BeaconSchema("collection", "eucaim-collection-v1")]),
            withheld ? new BeaconSummary(false, 0, "imprecise", [result.Subjects.Display]) : new BeaconSummary(true, result.Subjects.Value, exact ? "exact" : "rounded"),
            new Contracts.ImagingCollections(withheld ? [] : [collection]));
    }

    /// <summary>The GET form: <c>?filters=</c> comma-separated coded values.</summary>
    public static BeaconRequest FromQueryString(string? filters) => new()
    {
        Query = new BeaconRequestQuery
        {
            Filters = (filters ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => new BeaconFilter { Id = id }).ToList(),
        },
    };

    private static ImagingSearchRequest ToSearch(IReadOnlyList<BeaconFilter> filters)
    {
        var search = new ImagingSearchRequest();
        for (var i = 0; i < filters.Count; i++)
        {
            var field = $"query.filters[{i}]";
            var f = filters[i];
            var id = f.Id?.Trim() ?? throw RequestException.Invalid($"{field}.id", "every filter needs an id");
            if (f.Operator is not (null or "="))
                throw RequestException.Invalid($"{field}.operator", $"the imaging categories take one value with '=', not '{f.Operator}'");
            var bare = Eucaim.WithoutPrefix(Eucaim.WithoutPrefix(Eucaim.WithoutPrefix(id, "SNOMED:"), "NCIT:"), "RADLEX:")!;
            var value = f.ValueText;
            string category;
            if (value is not null)
            {
                category = Eucaim.Categories.FirstOrDefault(c => c.Value == bare)?.Value
                    ?? throw RequestException.Invalid($"{field}.id",
                        $"'{id}' is not a search category; use {string.Join(", ", Eucaim.Categories.Select(c => $"{c.Value} ({c.Display})"))}");
            }
            else
            {
                (category, value) = Eucaim.ParseSex(id) is not null ? (Eucaim.Sex.Value, id)
                    : Eucaim.ParseModality(id) is not null ? (Eucaim.Modality.Value, id)
                    : Eucaim.ParseBodyPart(id) is not null ? (Eucaim.BodyPart.Value, id)
                    : CancerTypes.All.Any(c => c.Snomed().Value == bare) ? (Eucaim.Diagnosis.Value, bare)
                    : throw RequestException.Invalid($"{field}.id",
                        $"'{id}' is not a coded value of a search category (sex, diagnosis, modality, body part); give a category id and a value instead");
            }
            var already = category switch
            {
                _ when category == Eucaim.Sex.Value => search.Gender,
                _ when category == Eucaim.Diagnosis.Value => search.Diagnosis,
                _ when category == Eucaim.Modality.Value => search.Modality,
                _ when category == Eucaim.BodyPart.Value => search.BodyPart,
                _ => search.Manufacturer,
            };
            if (already is not null) throw RequestException.Invalid(field, $"the category {category} is given twice; each takes one value");
            search = category switch
            {
                _ when category == Eucaim.Sex.Value => search with { Gender = value },
                _ when category == Eucaim.Diagnosis.Value => search with { Diagnosis = value },
                _ when category == Eucaim.Modality.Value => search with { Modality = value },
                _ when category == Eucaim.BodyPart.Value => search with { BodyPart = value },
                _ => search with { Manufacturer = value },
            };
        }
        return search;
    }
}
