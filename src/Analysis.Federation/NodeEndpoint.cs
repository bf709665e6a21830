using System.Text.Json.Serialization.Metadata;
using Analysis.Contracts;
using Analysis.Contracts.Beacon;

namespace Analysis.Federation;

/// <summary>
/// A node endpoint that answers a POSTed contract record with another: its path and the source-generated JSON types of
/// both, so a question is typed end to end. Libraries that add endpoints make their own and ask with
/// <see cref="FederationClient.AskAllAsync{TRequest, TResult}"/>.
/// </summary>
/// <typeparam name="TRequest">The request body.</typeparam>
/// <typeparam name="TResult">The answer.</typeparam>
/// <param name="Path">The path relative to the site's base URL, e.g. <c>api/v1/count</c>.</param>
/// <param name="Request">Writes the request (e.g. <c>ContractJson.Default.CountRequest</c>).</param>
/// <param name="Result">Reads the answer (e.g. <c>ContractJson.Default.CountResult</c>); unknown members are skipped, members the type requires must be there.</param>
/// <param name="Problem">What is wrong with an answer that reads but does not make sense (a negative grid width, a score of the wrong length); null when it is fine. The site is then given the failure <c>unexpected answer: ...</c>.</param>
public sealed record NodeEndpoint<TRequest, TResult>(string Path, JsonTypeInfo<TRequest> Request, JsonTypeInfo<TResult> Result, Func<TResult, string?>? Problem = null)
    where TResult : class
{
    /// <inheritdoc />
    public override string ToString() => Path;
}

/// <summary>The node endpoints the federation client asks, in the contract's types.</summary>
public static class NodeEndpoints
{
    /// <summary><c>POST api/v1/count</c>.</summary>
    public static NodeEndpoint<CountRequest, CountResult> Count { get; } = new("api/v1/count", ContractJson.Default.CountRequest, ClientJson.Answers.CountResult);

    /// <summary><c>POST api/v1/crosstab</c>.</summary>
    public static NodeEndpoint<CrosstabRequest, CrosstabResult> Crosstab { get; } = new("api/v1/crosstab", ContractJson.Default.CrosstabRequest, ClientJson.Answers.CrosstabResult);

    /// <summary><c>POST api/v1/summary</c>.</summary>
    public static NodeEndpoint<SummaryRequest, SummaryResult> Summary { get; } = new("api/v1/summary", ContractJson.Default.SummaryRequest, ClientJson.Answers.SummaryResult);

    /// <summary><c>POST api/v1/histogram</c>.</summary>
    public static NodeEndpoint<HistogramRequest, HistogramResult> Histogram { get; } = new("api/v1/histogram", ContractJson.Default.HistogramRequest, ClientJson.Answers.HistogramResult,
        h => h.BinWidth < 1 ? $"binWidth {h.BinWidth} is not positive" : null);

    /// <summary><c>POST api/v1/survival/risktable</c>.</summary>
    public static NodeEndpoint<RiskTableRequest, RiskTableResult> RiskTable { get; } = new("api/v1/survival/risktable", ContractJson.Default.RiskTableRequest,
        ClientJson.Answers.RiskTableResult, r => r.IntervalDays < 1 ? $"intervalDays {r.IntervalDays} is not positive" : null);

    /// <summary><c>POST api/v1/glm/logistic</c>: one Newton-Raphson step of a logistic regression.</summary>
    public static NodeEndpoint<LogisticScoreRequest, LogisticScoreResult> LogisticScore { get; } = new("api/v1/glm/logistic", ContractJson.Default.LogisticScoreRequest,
        ClientJson.Answers.LogisticScoreResult, r => ScoreProblem(r.Columns, r.Score, r.Information));

    /// <summary><c>POST api/v1/cox/score</c>: one Newton-Raphson step of a Cox model.</summary>
    public static NodeEndpoint<CoxScoreRequest, CoxScoreResult> CoxScore { get; } = new("api/v1/cox/score", ContractJson.Default.CoxScoreRequest,
        ClientJson.Answers.CoxScoreResult, r => ScoreProblem(r.Columns, r.Score, r.Information));

    /// <summary><c>POST api/v1/ml/fedavg</c>: one site's local training in a round of federated averaging.</summary>
    public static NodeEndpoint<FedAvgRequest, FedAvgResult> FedAvg { get; } = new("api/v1/ml/fedavg", ContractJson.Default.FedAvgRequest, ClientJson.Answers.FedAvgResult);

    /// <summary><c>POST api/v1/mutations/frequency</c>.</summary>
    public static NodeEndpoint<MutationFrequencyRequest, MutationFrequencyResult> MutationFrequency { get; } = new("api/v1/mutations/frequency",
        ContractJson.Default.MutationFrequencyRequest, ClientJson.Answers.MutationFrequencyResult);

    /// <summary><c>POST individuals</c> under a Beacon v2 base URL.</summary>
    public static NodeEndpoint<BeaconRequest, BeaconResponse> BeaconIndividuals { get; } = new("individuals", ContractJson.Default.BeaconRequest,
        ClientJson.Answers.BeaconResponse, BeaconAnswer.Problem);

    /// <summary><c>POST g_variants</c> under a Beacon v2 base URL.</summary>
    public static NodeEndpoint<BeaconVariantRequest, BeaconResponse> BeaconVariants { get; } = new("g_variants", ContractJson.Default.BeaconVariantRequest,
        ClientJson.Answers.BeaconResponse, BeaconAnswer.Problem);

    private static string? ScoreProblem(IReadOnlyList<string> columns, double[] score, double[][] information) =>
        score.Length != columns.Count || information.Length != columns.Count || information.Any(r => r.Length != columns.Count)
            ? $"{columns.Count} columns but a score of {score.Length} and information of {information.Length} rows"
            : null;
}
