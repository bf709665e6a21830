using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Analysis.Contracts.Beacon;

namespace Analysis.Contracts;

/// <summary>
/// The wire's JSON: source-generated serialisers for every contract type, used by the node to read requests and write
/// answers and by the client to write requests and read answers, so both sides read and write the same shapes.
/// </summary>
/// <remarks>
/// Web conventions (camelCase, but matched case-sensitively and each member at most once), strict numbers (<c>"40"</c> is not 40: a wrong type is an error, not a guess), unknown
/// members refused, null members left out when writing. <see cref="Lenient"/> skips unknown members for protocols whose
/// clients send many optional ones (Beacon).
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CohortFilter))]
[JsonSerializable(typeof(CountRequest))]
[JsonSerializable(typeof(CountResult))]
[JsonSerializable(typeof(CrosstabRequest))]
[JsonSerializable(typeof(CrosstabResult))]
[JsonSerializable(typeof(SummaryRequest))]
[JsonSerializable(typeof(SummaryResult))]
[JsonSerializable(typeof(HistogramRequest))]
[JsonSerializable(typeof(HistogramResult))]
[JsonSerializable(typeof(RiskTableRequest))]
[JsonSerializable(typeof(RiskTableResult))]
[JsonSerializable(typeof(RecordsRequest))]
[JsonSerializable(typeof(RecordsResult))]
[JsonSerializable(typeof(LogisticScoreRequest))]
[JsonSerializable(typeof(LogisticScoreResult))]
[JsonSerializable(typeof(CoxScoreRequest))]
[JsonSerializable(typeof(CoxScoreResult))]
[JsonSerializable(typeof(FedAvgRequest))]
[JsonSerializable(typeof(FedAvgResult))]
[JsonSerializable(typeof(PrivacyBudget))]
[JsonSerializable(typeof(MutationFrequencyRequest))]
[JsonSerializable(typeof(MutationFrequencyResult))]
[JsonSerializable(typeof(NodeInfo))]
[JsonSerializable(typeof(DisclosurePolicy))]
[JsonSerializable(typeof(LearningPolicy))]
[JsonSerializable(typeof(RequestLimits))]
[JsonSerializable(typeof(SitePolicy))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(ReleasedCell))]
[JsonSerializable(typeof(BeaconRequest))]
[JsonSerializable(typeof(BeaconVariantRequest))]
[JsonSerializable(typeof(BeaconResponse))]
[JsonSerializable(typeof(BeaconInfoResponse))]
[JsonSerializable(typeof(BeaconServiceInfo))]
[JsonSerializable(typeof(BeaconConfigurationResponse))]
[JsonSerializable(typeof(BeaconMapResponse))]
[JsonSerializable(typeof(ImagingSearchRequest))]
[JsonSerializable(typeof(ImagingSearchResult))]
[JsonSerializable(typeof(BeaconCollectionsResponse))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonElement))]
// Record rows carry plain values of these types.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(short))]
[JsonSerializable(typeof(byte))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(DateTime))]
public sealed partial class ContractJson : JsonSerializerContext
{
    /// <summary>The strict options: every contract type, unknown members refused; writes "&lt;5" as it is rather than escaped (the output is JSON, never embedded in HTML).</summary>
    public static JsonSerializerOptions Strict => Shared.Strict;

    /// <summary>Like <see cref="Strict"/> but skipping unknown members, for protocols (Beacon) whose clients send many optional ones.</summary>
    public static JsonSerializerOptions Lenient => Shared.Lenient;

    // A holder of its own, so the options are made after the generated Default context whatever the order of static initialisers.
    private static class Shared
    {
        public static readonly JsonSerializerOptions Strict = Make(JsonUnmappedMemberHandling.Disallow);
        public static readonly JsonSerializerOptions Lenient = Make(JsonUnmappedMemberHandling.Skip);

        private static JsonSerializerOptions Make(JsonUnmappedMemberHandling unmapped)
        {
            var options = new JsonSerializerOptions(Default.Options)
            {
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                UnmappedMemberHandling = unmapped,
                // Names are matched exactly and may appear once: with case-insensitive matching or last-one-wins,
                // {"ageMax":150,"AGEMAX":33} would be answered as something other than what a reader of it sees.
                PropertyNameCaseInsensitive = false,
                AllowDuplicateProperties = false,
            };
            options.MakeReadOnly();
            return options;
        }
    }
}
