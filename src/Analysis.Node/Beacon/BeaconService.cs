using Microsoft.AspNetCore.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;

namespace Analysis.Node.Beacon;

/// <summary>GA4GH Beacon v2 over the site's individuals, with the node's disclosure rule applied to every answer.</summary>
/// <remarks>
/// <para>A beacon says an individual "exists" only when at least <see cref="DisclosurePolicy.MinCellCount"/> match, so a
/// yes never singles out a rare patient; a count under the threshold is reported as 0 with <c>countPrecision</c>
/// <c>imprecise</c> and <c>countAdjustedTo</c> <c>["&lt;5"]</c> rather than as its value. The boolean and count
/// granularities agree: a variant with fewer carriers than the threshold is "not found" in both, so a single carrier's
/// variant is never confirmed.</para>
/// <para>In protected mode the counts are the node's protected counts (cell-key noise keyed to the matching patients,
/// rounding, the cohort ledger), reported with <c>countPrecision</c> <c>rounded</c>; age filters must fall on the
/// site's age bands; and <c>g_variants</c> answers only an exact position or one gene, never a free range.</para>
/// </remarks>
internal sealed class BeaconService
{
    /// <summary>The Beacon API version implemented.</summary>
    public const string ApiVersion = "v2.0.0";

    private const string FemaleNcit = "NCIT:C16576";
    private const string MaleNcit = "NCIT:C20197";

    private readonly Aggregates _aggregates;
    private readonly DisclosurePolicy _policy;
    private readonly string _beaconId;
    private readonly string _name;

    /// <summary>Creates the service.</summary>
    /// <param name="aggregates">Counts cohorts.</param>
    /// <param name="policy">The disclosure rules.</param>
    /// <param name="beaconId">The beacon's id (reverse domain name).</param>
    /// <param name="name">The site's name.</param>
    public BeaconService(Aggregates aggregates, DisclosurePolicy policy, string beaconId, string name)
    {
        _aggregates = aggregates;
        _policy = policy;
        _beaconId = beaconId;
        _name = name;
    }

    /// <summary>The <c>/api/info</c> answer.</summary>
    /// <returns>What this beacon is.</returns>
    public BeaconInfoResponse Info() => new(
        Meta("boolean", null),
        new BeaconInfo(_beaconId, _name, ApiVersion, "prod", new BeaconOrganization(_beaconId, _name),
            $"Cancer patients of this site (FHIR mCODE). Counts under {_policy.MinCellCount} are withheld."));

    /// <summary>Answers an individuals query.</summary>
    /// <param name="request">The request.</param>
    /// <returns>A boolean or count response.</returns>
    /// <exception cref="RequestException">A filter or the granularity is not understood; names the field.</exception>
    public BeaconResponse Individuals(BeaconRequest request)
    {
        var granularity = Granularity(request.Query?.RequestedGranularity);
        var filter = ToCohort(request.Query?.Filters ?? []);
        RequireAgeBands(request.Query?.Filters ?? [], filter);
        var cell = _aggregates.Count(new CountRequest { Filter = filter }).Count;
        var summary = new JsonObject
        {
            ["requestedGranularity"] = granularity,
            ["filters"] = JsonSerializer.SerializeToNode(request.Query?.Filters ?? [], ContractJson.Default.IReadOnlyListBeaconFilter),
        };
        return new BeaconResponse(Meta(granularity, summary), Summary(granularity, cell));
    }

    private static string Granularity(string? requested)
    {
        var granularity = requested ?? "count";
        return granularity is "boolean" or "count" ? granularity
            : throw RequestException.Invalid("query.requestedGranularity", $"requestedGranularity must be 'boolean' or 'count', not '{granularity}'");
    }

    private BeaconSummary Summary(string granularity, ReleasedCell cell) => (granularity, cell.Value) switch
    {
        ("boolean", var v) => new BeaconSummary(v is not null, null, null, null),
        (_, { } v) => new BeaconSummary(true, v, _policy.IsExact ? "exact" : "rounded", null),
        _ => new BeaconSummary(false, 0, "imprecise", [cell.Display]),
    };

    /// <summary>
    /// Answers a genomic variants query. The count is of patients carrying a matching variant, with the
    /// same threshold as individuals, so a variant seen in fewer patients is neither confirmed nor counted.
    /// </summary>
    /// <param name="request">The request (<c>query.requestParameters</c> holds the variant).</param>
    /// <returns>A boolean or count response.</returns>
    /// <exception cref="RequestException">A parameter or the granularity is not understood; names the field.</exception>
    public BeaconResponse GenomicVariants(BeaconVariantRequest request)
    {
        var granularity = Granularity(request.Query?.RequestedGranularity);
        var parameters = request.Query?.RequestParameters ?? new VariantQuery();
        ReleasedCell cell;
        try
        {
            cell = _aggregates.VariantCarriers(parameters);
        }
        catch (RequestException e) when (e.Field is { } f && !f.StartsWith("query.", StringComparison.Ordinal))
        {
            throw RequestException.Invalid("query.requestParameters." + f, e.Message);
        }
        var summary = new JsonObject
        {
            ["requestedGranularity"] = granularity,
            ["requestParameters"] = JsonSerializer.SerializeToNode(parameters, ContractJson.Default.VariantQuery),
        };
        return new BeaconResponse(
            new BeaconMeta(_beaconId, ApiVersion, granularity, summary, [new BeaconSchema("genomicVariant", "beacon-g_variant-v2.0.0")]),
            Summary(granularity, cell));
    }

    /// <summary>Builds a variants request from <c>GET</c> query parameters, as Beacon v2 names them.</summary>
    /// <param name="query">The query string.</param>
    /// <returns>The request.</returns>
    /// <exception cref="RequestException">A number is malformed; names the parameter.</exception>
    public static BeaconVariantRequest VariantsFromQueryString(IQueryCollection query)
    {
        RequestPipeline.OnlyParameters(query, "requestedGranularity", "referenceName", "start", "end", "referenceBases", "alternateBases", "geneId", "aminoacidChange");
        string? Text(string name) => query[name] is { Count: > 0 } v ? v.ToString() : null;
        long? Number(string name) => Text(name) is not { } text ? null
            : long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
            : throw RequestException.Invalid(name, $"{name} must be a whole number, not '{text}'");
        return new BeaconVariantRequest
        {
            Query = new BeaconVariantQuery
            {
                RequestedGranularity = Text("requestedGranularity"),
                RequestParameters = new VariantQuery
                {
                    ReferenceName = Text("referenceName"), Start = Number("start"), End = Number("end"),
                    ReferenceBases = Text("referenceBases"), AlternateBases = Text("alternateBases"),
                    GeneId = Text("geneId"), AminoacidChange = Text("aminoacidChange"),
                },
            },
        };
    }

    /// <summary>Builds a request from <c>GET</c> query parameters (<c>filters</c> comma-separated ontology ids).</summary>
    /// <param name="filters">The <c>filters</c> parameter.</param>
    /// <param name="granularity">The <c>requestedGranularity</c> parameter.</param>
    /// <returns>The request.</returns>
    public static BeaconRequest FromQueryString(string? filters, string? granularity) => new()
    {
        Query = new BeaconRequestQuery
        {
            RequestedGranularity = granularity,
            Filters = (filters ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => new BeaconFilter { Id = id }).ToList(),
        },
    };

    private BeaconMeta Meta(string granularity, JsonNode? summary) =>
        new(_beaconId, ApiVersion, granularity, summary, [new BeaconSchema("individual", "beacon-individual-v2.0.0")]);

    private static CohortFilter ToCohort(IReadOnlyList<BeaconFilter> filters)
    {
        var cohort = new CohortFilter();
        var biomarkers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var mutations = new List<string>();
        for (var i = 0; i < filters.Count; i++)
        {
            var field = $"query.filters[{i}]";
            var f = filters[i];
            var id = f.Id ?? throw RequestException.Invalid($"{field}.id", "every filter needs an id");
            if (f.Operator is null)
            {
                cohort = Ontology(cohort, id, $"{field}.id", mutations);
                continue;
            }
            var value = f.Value is { ValueKind: JsonValueKind.String or JsonValueKind.Number } v
                ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()
                : throw RequestException.Invalid($"{field}.value", "an alphanumeric filter needs a string or number value");
            switch (id)
            {
                case "age_at_diagnosis" or "age":
                    cohort = Age(cohort, f.Operator, value, field);
                    break;
                case "sex" when f.Operator == "=":
                    cohort = cohort with { Sex = value };
                    break;
                case "stage_group" when f.Operator == "=":
                    cohort = cohort with { Stage = [value] };
                    break;
                case var marker when f.Operator == "=" && (BiomarkerColumns.Receptor(marker) ?? BiomarkerColumns.Gene(marker)) is not null:
                    biomarkers[marker] = value;
                    break;
                default:
                    throw RequestException.Invalid(field, $"unsupported filter '{id}' with operator '{f.Operator}'");
            }
        }
        return cohort with
        {
            Biomarkers = biomarkers.Count > 0 ? biomarkers : null,
            Mutations = mutations.Count > 0 ? mutations : null,
        };
    }

    private static CohortFilter Ontology(CohortFilter cohort, string id, string field, List<string> mutations)
    {
        var colon = id.IndexOf(':');
        var (prefix, code) = colon > 0 ? (id[..colon].ToUpperInvariant(), id[(colon + 1)..]) : ("", id);
        switch (prefix)
        {
            case "SNOMED" or "SNOMEDCT" or "ICD10" or "ICD10CM" when CancerTypes.FromCode(code) is not null:
                if (cohort.Diagnosis is not null && CancerTypes.FromCode(cohort.Diagnosis) != CancerTypes.FromCode(code))
                    throw RequestException.Invalid(field, "only one primary-cancer filter can hold at a time");
                return cohort with { Diagnosis = code };
            case "NCIT" when id is FemaleNcit or MaleNcit:
                return cohort with { Sex = id == FemaleNcit ? "female" : "male" };
            case "HGNC":
                mutations.Add(MarkerGenes.Find(code)?.Symbol() ?? throw RequestException.Invalid(field, $"unknown gene '{id}'"));
                return cohort;
            default:
                throw RequestException.Invalid(field, $"unknown filter term '{id}'");
        }
    }

    /// <summary>Protected mode: the age bounds the filters make must fall on the site's bands; the error names the age filter.</summary>
    private void RequireAgeBands(IReadOnlyList<BeaconFilter> filters, CohortFilter cohort)
    {
        var age = Enumerable.Range(0, filters.Count).LastOrDefault(i => filters[i].Id is "age_at_diagnosis" or "age", -1);
        if (age < 0) return;
        var field = $"query.filters[{age}].value";
        _aggregates.Control.RequireAgeBands(cohort.AgeMin, cohort.AgeMax, field, field);
    }

    private static CohortFilter Age(CohortFilter cohort, string op, string text, string field)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var age))
            throw RequestException.Invalid($"{field}.value", $"age must be a whole number, not '{text}'");
        return op switch
        {
            "=" => cohort with { AgeMin = age, AgeMax = age },
            ">=" => cohort with { AgeMin = age },
            ">" => cohort with { AgeMin = age + 1 },
            "<=" => cohort with { AgeMax = age },
            "<" => cohort with { AgeMax = age - 1 },
            _ => throw RequestException.Invalid($"{field}.operator", $"unsupported operator '{op}'"),
        };
    }
}
