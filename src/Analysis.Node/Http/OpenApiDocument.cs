using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Analysis.Contracts;
using Analysis.Contracts.Beacon;

namespace Analysis.Node.Http;

/// <summary>The node's OpenAPI 3.1 document, served at <c>/openapi.json</c>.</summary>
/// <remarks>Schemas are exported from the very contract types the endpoints bind, with the contract's own JSON options
/// (<see cref="ContractJson.Strict"/>), so the document cannot drift from the code; only <see cref="ReleasedCell"/>, which
/// has a custom converter, is described by hand.</remarks>
internal static class OpenApiDocument
{
    private static readonly (string Path, string Method, string? Scope, Type? Request, Type Response, string Summary)[] Operations =
    [
        ("/api/v1/info", "get", "aggregate", null, typeof(NodeInfo), "The site's name, node version, dataset size, disclosure policy and dataset fingerprint (SHA-256 over its ingested files, so a re-run can tell it ran on the same data)."),
        ("/api/v1/policy", "get", "aggregate", null, typeof(SitePolicy), "Every rule the site applies: the disclosure policy, the request limits and the request deadline (as DataSHIELD's ds.listDisclosureSettings)."),
        ("/api/v1/count", "post", "aggregate", typeof(CountRequest), typeof(CountResult), "Number of patients in a cohort."),
        ("/api/v1/crosstab", "post", "aggregate", typeof(CrosstabRequest), typeof(CrosstabResult), "Counts by two categorical variables."),
        ("/api/v1/summary", "post", "aggregate", typeof(SummaryRequest), typeof(SummaryResult), "n, sum and sum of squares of a numeric variable."),
        ("/api/v1/histogram", "post", "aggregate", typeof(HistogramRequest), typeof(HistogramResult), "Histogram of a numeric variable."),
        ("/api/v1/survival/risktable", "post", "aggregate", typeof(RiskTableRequest), typeof(RiskTableResult), "Numbers at risk, events and censored per grid interval."),
        ("/api/v1/glm/logistic", "post", "aggregate", typeof(LogisticScoreRequest), typeof(LogisticScoreResult), "Logistic regression score, information and log-likelihood at beta (one federated Newton-Raphson step); protected sites refuse concentrated weights and add keyed noise (approximate)."),
        ("/api/v1/cox/score", "post", "aggregate", typeof(CoxScoreRequest), typeof(CoxScoreResult), "Cox score, information and log partial likelihood at beta (ties: efron, the default, or breslow), follow-up on the survival grid; protected sites refuse concentrated weights, round n and events and add keyed noise (approximate)."),
        ("/api/v1/mutations/frequency", "post", "aggregate", typeof(MutationFrequencyRequest), typeof(MutationFrequencyResult), "Patients carrying a variant per gene (named genes, or the top genes) and the cohort size."),
        ("/api/v1/ml/fedavg", "post", "aggregate", typeof(FedAvgRequest), typeof(FedAvgResult), "One federated-averaging round: SGD of the sent MLP weights on the cohort for some local epochs (DP-SGD with the site's clipping, noise and privacy budget at a protected site); returns the new weights, n, the loss (exact sites) and the privacy budget (protected sites)."),
        ("/api/v1/records", "post", "records", typeof(RecordsRequest), typeof(RecordsResult), "Patient rows (open datasets only)."),
        ("/api/info", "get", null, null, typeof(BeaconInfoResponse), "Beacon v2 information."),
        ("/api/service-info", "get", null, null, typeof(BeaconServiceInfo), "GA4GH service-info of the beacon."),
        ("/api/configuration", "get", null, null, typeof(BeaconConfigurationResponse), "Beacon v2 configuration: maturity, security and entry types."),
        ("/api/map", "get", null, null, typeof(BeaconMapResponse), "Beacon v2 map: where each entry type is queried."),
        ("/api/individuals", "post", "beacon", typeof(BeaconRequest), typeof(BeaconResponse), "Beacon v2 individuals query (boolean or count)."),
        ("/api/individuals", "get", "beacon", null, typeof(BeaconResponse), "Beacon v2 individuals query in the query string: filters (comma-separated terms), requestedGranularity."),
        ("/api/g_variants", "post", "beacon", typeof(BeaconVariantRequest), typeof(BeaconResponse), "Beacon v2 genomic-variant query (boolean or count of carriers)."),
        ("/api/g_variants", "get", "beacon", null, typeof(BeaconResponse), "Beacon v2 genomic-variant query in the query string: referenceName, start, end, referenceBases, alternateBases, geneId, aminoacidChange, requestedGranularity."),
        ("/api/v1/imaging/search", "post", "aggregate", typeof(ImagingSearchRequest), typeof(ImagingSearchResult), "EUCAIM federated search: subjects and studies with a series matching every given category (sex, diagnosis, modality, body part, manufacturer), under the site's disclosure control; needs imaging.search in the site's processing allowlist."),
        ("/api/v1/imaging/search", "get", "aggregate", null, typeof(ImagingSearchResult), "EUCAIM federated search in its REST form: ?gender=&diagnosis=&modality=&bodyPart=&manufacturer= (coded values or plain terms)."),
        ("/api/collections", "post", "beacon", typeof(BeaconRequest), typeof(BeaconCollectionsResponse), "Beacon v2 collections: the site's imaging as one collection with its counts of matching subjects and studies; filters name a EUCAIM category and its value, or a coded value alone."),
        ("/api/collections", "get", "beacon", null, typeof(BeaconCollectionsResponse), "Beacon v2 collections in the query string: filters (comma-separated coded values, e.g. RID10321,SNOMED:51185008)."),
    ];

    /// <summary>The query parameters of the GET forms, by path.</summary>
    private static readonly Dictionary<string, string[]> QueryParameters = new(StringComparer.Ordinal)
    {
        ["/api/individuals"] = ["filters", "requestedGranularity"],
        ["/api/v1/imaging/search"] = ["gender", "diagnosis", "modality", "bodyPart", "manufacturer"],
        ["/api/collections"] = ["filters"],
        ["/api/g_variants"] = ["referenceName", "start", "end", "referenceBases", "alternateBases", "geneId", "aminoacidChange", "requestedGranularity"],
    };

    /// <summary>Builds the document.</summary>
    /// <returns>The OpenAPI document as JSON.</returns>
    public static JsonObject Build()
    {
        var paths = new JsonObject();
        foreach (var op in Operations)
        {
            var operation = new JsonObject
            {
                ["summary"] = op.Summary,
                ["description"] = op.Scope is null
                    ? "Needs no token: it describes the service and holds no data (the request is still audited and rate-limited)."
                    : $"Needs a bearer token with the '{op.Scope}' scope.",
                // An empty requirement list is OpenAPI's way of saying the operation needs no credentials.
                ["security"] = op.Scope is null ? new JsonArray() : new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
                ["responses"] = Responses(op.Response, open: op.Scope is null),
            };
            if (op.Scope is not null) operation["x-scope"] = op.Scope;
            if (op.Request is not null)
                operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Json("application/json", Schema(op.Request)) };
            else if (op.Method == "get" && QueryParameters.TryGetValue(op.Path, out var names))
                operation["parameters"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject
                {
                    ["name"] = n, ["in"] = "query", ["required"] = false,
                    ["schema"] = new JsonObject { ["type"] = n is "start" or "end" ? "integer" : "string" },
                })]);
            if (paths[op.Path] is not JsonObject item) paths[op.Path] = item = new JsonObject();
            item[op.Method] = operation;
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Analysis site node",
                ["version"] = "1.0.0",
                ["description"] = "Disclosure-controlled aggregates over one site's cancer data. A count under the minimum cell count is returned as {\"suppressed\": true, \"display\": \"<5\"}, never as its value.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
            },
        };
    }

    private static JsonObject Responses(Type response, bool open)
    {
        var problem = Json("application/problem+json", new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string" }, ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer" }, ["detail"] = new JsonObject { ["type"] = "string" },
                ["field"] = new JsonObject { ["type"] = "string" }, ["errors"] = new JsonObject { ["type"] = "object" },
            },
        });
        var responses = new JsonObject { ["200"] = new JsonObject { ["description"] = "The answer.", ["content"] = Json("application/json", Schema(response)) } };
        foreach (var (status, description) in new[]
                 {
                     ("400", "Invalid input; 'field' names the offending member (also a repeated member, or a list over the site's maxListLength)."),
                     ("401", "Missing or unknown bearer token."),
                     ("403", "The token lacks the scope."), ("422", "Refused by disclosure control, or the answer exceeds the row limit."),
                     ("429", "Over the site's request limits (per-token rate, or the queue of waiting requests is full); Retry-After gives the seconds to wait."),
                     ("503", "The request ran past the site's deadline (queryTimeoutSeconds, covering reading, parsing, binding and answering) and was stopped."),
                 })
            if (!open || status is not ("401" or "403"))
                responses[status] = new JsonObject { ["description"] = description, ["content"] = problem.DeepClone() };
        return responses;
    }

    private static JsonObject Json(string mediaType, JsonNode schema) => new() { [mediaType] = new JsonObject { ["schema"] = schema } };

    private static JsonNode Schema(Type type) =>
        ContractJson.Strict.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TransformSchemaNode = (context, node) =>
                context.TypeInfo.Type == typeof(ReleasedCell)
                    ? JsonNode.Parse("""
                        {"oneOf":[{"type":"object","properties":{"value":{"type":"integer"}},"required":["value"]},
                                  {"type":"object","properties":{"suppressed":{"const":true},"display":{"type":"string"}},"required":["suppressed","display"]}]}
                        """)!
                    : node,
        });
}
