using System.Collections.Immutable;
using System.Text.Json;
using Analysis.Contracts;
using Analysis.Stats;

namespace Analysis.Federation;

/// <summary>
/// Which patients a question is about, built fluently; every call returns a new cohort, so a base cohort can be
/// refined in several directions in a notebook without one cell changing another's. Every federated question starts
/// here: counts and statistics below, <c>BeaconAsync</c>, <c>MutationFrequenciesAsync</c> and <c>TrainAsync</c> as extensions.
/// </summary>
public sealed record Cohort
{
    private readonly FederationClient? federation;

    internal Cohort(FederationClient? federation) => this.federation = federation;

    /// <summary>A cohort not bound to a federation; useful to build filters alone.</summary>
    public Cohort()
    {
    }

    /// <summary>The federation this cohort's questions go to; null for a cohort built alone with <c>new Cohort()</c>.</summary>
    public FederationClient? Federation => federation;

    /// <summary>The bound federation, or a clear error for a cohort built alone.</summary>
    /// <exception cref="InvalidOperationException">The cohort was not made by <see cref="FederationClient.Cohort"/>.</exception>
    public FederationClient RequireFederation() =>
        federation ?? throw new InvalidOperationException("This cohort is not bound to a federation; start it with fed.Cohort().");

    /// <summary>The primary cancer.</summary>
    public Code? DiagnosisCode { get; init; }

    /// <summary>Lowest age at diagnosis, inclusive.</summary>
    public int? AgeMin { get; init; }

    /// <summary>Highest age at diagnosis, inclusive.</summary>
    public int? AgeMax { get; init; }

    /// <summary>Administrative sex.</summary>
    public Sex? SexValue { get; init; }

    /// <summary>Stage groups, any of which matches.</summary>
    public ImmutableArray<StageGroup> Stages { get; init; } = [];

    /// <summary>Biomarker states that must all hold, by biomarker name (a later state for the same name replaces the earlier).</summary>
    public ImmutableSortedDictionary<string, string> Biomarkers { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Genes that must each carry a variant in the site's MAF.</summary>
    public ImmutableArray<string> Mutations { get; init; } = [];

    /// <summary>Restricts to a primary cancer (SNOMED CT or ICD-10).</summary>
    public Cohort Diagnosis(Code code) => this with { DiagnosisCode = code };

    /// <summary>Restricts the age at diagnosis to [<paramref name="min"/>, <paramref name="max"/>], inclusive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or negative.</exception>
    public Cohort AgeAtDiagnosis(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        return this with { AgeMin = min, AgeMax = max };
    }

    /// <summary>Restricts to one sex.</summary>
    public Cohort Sex(Sex sex) => this with { SexValue = sex };

    /// <summary>Restricts to the given stage groups (any of them).</summary>
    public Cohort Stage(params StageGroup[] stages) => this with { Stages = [.. stages.Distinct()] };

    /// <summary>Adds biomarker states that must all hold, e.g. <c>Er.Positive</c> or <c>Gene.Present("KRAS")</c>.</summary>
    public Cohort Biomarker(params Biomarker[] markers) =>
        this with { Biomarkers = markers.Aggregate(Biomarkers, (all, m) => all.SetItem(m.Name, m.State)) };

    /// <summary>Adds genes that must each carry at least one variant.</summary>
    public Cohort Mutation(params string[] genes) => this with { Mutations = [.. Mutations.Union(genes.Select(g => g.ToUpperInvariant()))] };

    /// <summary>The node's <c>filter</c> for this cohort; absent criteria are left out.</summary>
    public CohortFilter ToFilter() => new()
    {
        Diagnosis = DiagnosisCode?.Value,
        AgeMin = AgeMin,
        AgeMax = AgeMax,
        Sex = SexValue?.ToWire(),
        Stage = Stages.IsEmpty ? null : [.. Stages.Select(s => s.ToWire())],
        Biomarkers = Biomarkers.IsEmpty ? null : Biomarkers,
        Mutations = Mutations.IsEmpty ? null : Mutations,
    };

    /// <summary>Counts the cohort at every site of the federation: per site the released count ("&lt;5" when withheld), and the total.</summary>
    /// <exception cref="InvalidOperationException">The cohort was not made by <see cref="FederationClient.Cohort"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<Federated<Count>> CountAsync(CancellationToken cancellationToken = default) => Federated.CountAsync(this, cancellationToken);

    /// <summary>
    /// Mean, standard deviation and quantiles of a numeric variable (<c>Variable.AgeAtDiagnosis</c>, <c>Variable.FollowupDays</c>) per site
    /// and pooled: mean and SD exactly from the sites' n, sum and sum of squares, quantiles from their histograms.
    /// </summary>
    /// <param name="variable">A numeric variable.</param>
    /// <param name="binWidth">Histogram bin width in the variable's unit; the node's default (10 years, 365 days) when null.</param>
    /// <param name="cancellationToken">Stops every request.</param>
    /// <exception cref="ArgumentException">The variable is not numeric.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<NumericSummary>> SummaryAsync(Variable variable, int? binWidth = null, CancellationToken cancellationToken = default) =>
        FederatedDescriptive.SummaryAsync(this, Variables.Require(variable, VariableKind.Numeric, "a summary", nameof(variable)), binWidth, cancellationToken);

    /// <summary>A summary as <see cref="SummaryAsync(Variable, int?, CancellationToken)"/>, naming the variable (<c>age_at_diagnosis</c>).</summary>
    /// <exception cref="ArgumentException">No variable has that name (the message lists them), or it is not numeric.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<NumericSummary>> SummaryAsync(string variable, int? binWidth = null, CancellationToken cancellationToken = default) =>
        SummaryAsync(Variables.Parse(variable, nameof(variable)), binWidth, cancellationToken);

    /// <summary>Counts by two categorical variables (e.g. <c>Variable.StageGroup</c> by <c>Variable.Her2</c>) per site and pooled, with Pearson's chi-square test.</summary>
    /// <param name="rows">The row variable.</param>
    /// <param name="columns">The column variable.</param>
    /// <param name="cancellationToken">Stops every request.</param>
    /// <exception cref="ArgumentException">A variable is not categorical.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CrossTable>> CrosstabAsync(Variable rows, Variable columns, CancellationToken cancellationToken = default) =>
        FederatedDescriptive.CrosstabAsync(this, Variables.Require(rows, VariableKind.Categorical, "a cross-table", nameof(rows)),
            Variables.Require(columns, VariableKind.Categorical, "a cross-table", nameof(columns)), cancellationToken);

    /// <summary>A cross-table as <see cref="CrosstabAsync(Variable, Variable, CancellationToken)"/>, naming the variables (<c>stage_group</c>, <c>her2</c>).</summary>
    /// <exception cref="ArgumentException">No variable has one of the names (the message lists them), or one is not categorical.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CrossTable>> CrosstabAsync(string rows, string columns, CancellationToken cancellationToken = default) =>
        CrosstabAsync(Variables.Parse(rows, nameof(rows)), Variables.Parse(columns, nameof(columns)), cancellationToken);

    /// <summary>
    /// Kaplan-Meier curves (Greenwood confidence intervals, number at risk, median survival with CI), optionally one per
    /// level of <paramref name="strata"/> with a log-rank test, pooled from the sites' risk tables: exact on the sites'
    /// survival grid (30 days by default), i.e. equal to a fit of all patients with follow-up rounded up to the grid.
    /// </summary>
    /// <param name="strata">A categorical variable to stratify by, e.g. <c>Variable.StageGroup</c>; one curve when null.</param>
    /// <param name="options">Confidence level and interval type (R's <c>conf.type = "log"</c> by default).</param>
    /// <param name="cancellationToken">Stops every request.</param>
    /// <exception cref="ArgumentException">The strata variable is not categorical.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<KaplanMeierResult>> KaplanMeierAsync(Variable? strata = null, SurvivalOptions? options = null, CancellationToken cancellationToken = default) =>
        FederatedSurvival.KaplanMeierAsync(this, strata is null ? null : Variables.Require(strata, VariableKind.Categorical, "strata", nameof(strata)), options,
            cancellationToken);

    /// <summary>Kaplan-Meier curves as <see cref="KaplanMeierAsync(Variable, SurvivalOptions, CancellationToken)"/>, naming the strata variable (<c>stage_group</c>).</summary>
    /// <exception cref="ArgumentException">No variable has that name (the message lists them), or it is not categorical.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<KaplanMeierResult>> KaplanMeierAsync(string strata, SurvivalOptions? options = null, CancellationToken cancellationToken = default) =>
        KaplanMeierAsync(Variables.Parse(strata, nameof(strata)), options, cancellationToken);

    /// <summary>
    /// A Cox proportional-hazards model by federated Newton-Raphson, with Efron's handling of tied deaths as R's
    /// <c>coxph</c>: hazard ratios with 95% CIs and p-values equal to a pooled fit stratified by site, on follow-up
    /// rounded up to the survival grid. Categorical covariates enter as dummies against their first level (e.g.
    /// <c>stage_group=II</c> vs I).
    /// </summary>
    /// <param name="covariates">The covariates, e.g. <c>Variable.AgeAtDiagnosis, Variable.StageGroup</c>.</param>
    /// <exception cref="ArgumentException">No covariate was named.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CoxResult>> CoxAsync(params Variable[] covariates) => CoxAsync(covariates, CoxTies.Efron, null, default);

    /// <summary>A Cox model as <see cref="CoxAsync(Variable[])"/>, naming the covariates (<c>"age_at_diagnosis", "stage_group"</c>).</summary>
    /// <exception cref="ArgumentException">No variable has one of the names (the message lists them), or none was named.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CoxResult>> CoxAsync(params string[] covariates) => CoxAsync(covariates, CoxTies.Efron, null, default);

    /// <summary>
    /// A Cox model as <see cref="CoxAsync(Variable[])"/> with the handling of ties named, e.g. <c>CoxAsync(CoxTies.Breslow,
    /// Variable.AgeAtDiagnosis)</c> for an analysis published with Breslow's.
    /// </summary>
    /// <param name="ties">Efron (R's default) or Breslow.</param>
    /// <param name="covariates">The covariates.</param>
    /// <exception cref="ArgumentException">No covariate was named, or <paramref name="ties"/> is not a defined value.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CoxResult>> CoxAsync(CoxTies ties, params Variable[] covariates) => CoxAsync(covariates, ties, null, default);

    /// <summary>A Cox model as <see cref="CoxAsync(CoxTies, Variable[])"/>, naming the covariates (<c>CoxTies.Breslow, "age_at_diagnosis"</c>).</summary>
    /// <exception cref="ArgumentException">No variable has one of the names (the message lists them), none was named, or <paramref name="ties"/> is not a defined value.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CoxResult>> CoxAsync(CoxTies ties, params string[] covariates) => CoxAsync(covariates, ties, null, default);

    /// <summary>A Cox model as <see cref="CoxAsync(Variable[])"/>, with the ties, Newton-Raphson options and a cancellation token.</summary>
    /// <param name="covariates">The covariates.</param>
    /// <param name="ties">Efron (R's default) or Breslow; every site is asked for the same.</param>
    /// <param name="options">Iteration limits and tolerances.</param>
    /// <param name="cancellationToken">Stops every request.</param>
    /// <exception cref="ArgumentException">No covariate was named, or <paramref name="ties"/> is not a defined value.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CoxResult>> CoxAsync(IReadOnlyList<Variable> covariates, CoxTies ties, NewtonOptions? options, CancellationToken cancellationToken) =>
        FederatedModels.CoxAsync(this, Variables.Covariates(covariates, nameof(covariates)), ties, options, cancellationToken);

    /// <summary>A Cox model as <see cref="CoxAsync(IReadOnlyList{Variable}, CoxTies, NewtonOptions, CancellationToken)"/>, naming the covariates.</summary>
    /// <exception cref="ArgumentException">No variable has one of the names (the message lists them), none was named, or <paramref name="ties"/> is not a defined value.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<CoxResult>> CoxAsync(IReadOnlyList<string> covariates, CoxTies ties, NewtonOptions? options, CancellationToken cancellationToken) =>
        CoxAsync(Variables.Parse(covariates, nameof(covariates)), ties, options, cancellationToken);

    /// <summary>A logistic regression by federated Newton-Raphson, equal to the pooled fit: odds ratios with Wald 95% CIs.</summary>
    /// <param name="outcome">A categorical variable; its later level is 1 when it has two (so <c>Variable.Event</c> models death).</param>
    /// <param name="covariates">The covariates.</param>
    /// <exception cref="ArgumentException">The outcome is not categorical, or no covariate was named.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<LogisticResult>> LogisticAsync(Variable outcome, params Variable[] covariates) => LogisticAsync(outcome, null, covariates, null, default);

    /// <summary>A logistic regression as <see cref="LogisticAsync(Variable, Variable[])"/>, naming the variables (<c>"event", "age_at_diagnosis"</c>).</summary>
    /// <exception cref="ArgumentException">No variable has one of the names (the message lists them), the outcome is not categorical, or no covariate was named.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<LogisticResult>> LogisticAsync(string outcome, params string[] covariates) => LogisticAsync(outcome, null, covariates, null, default);

    /// <summary>A logistic regression as <see cref="LogisticAsync(Variable, Variable[])"/>, naming the outcome level counted as 1.</summary>
    /// <param name="outcome">A categorical variable.</param>
    /// <param name="positive">Its level counted as 1; may be null for a two-level outcome.</param>
    /// <param name="covariates">The covariates.</param>
    /// <param name="options">Iteration limits and tolerances.</param>
    /// <param name="cancellationToken">Stops every request.</param>
    /// <exception cref="ArgumentException">The outcome is not categorical, or no covariate was named.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<LogisticResult>> LogisticAsync(Variable outcome, string? positive, IReadOnlyList<Variable> covariates, NewtonOptions? options,
        CancellationToken cancellationToken) =>
        FederatedModels.LogisticAsync(this, Variables.Require(outcome, VariableKind.Categorical, "a logistic outcome", nameof(outcome)), positive,
            Variables.Covariates(covariates, nameof(covariates)), options, cancellationToken);

    /// <summary>A logistic regression as <see cref="LogisticAsync(Variable, string, IReadOnlyList{Variable}, NewtonOptions, CancellationToken)"/>, naming the variables.</summary>
    /// <exception cref="ArgumentException">No variable has one of the names (the message lists them), the outcome is not categorical, or no covariate was named.</exception>
    /// <exception cref="FederatedQueryException">No site could answer.</exception>
    public Task<Federated<LogisticResult>> LogisticAsync(string outcome, string? positive, IReadOnlyList<string> covariates, NewtonOptions? options,
        CancellationToken cancellationToken) =>
        LogisticAsync(Variables.Parse(outcome, nameof(outcome)), positive, Variables.Parse(covariates, nameof(covariates)), options, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => JsonSerializer.Serialize(ToFilter(), ContractJson.Default.CohortFilter);

    /// <inheritdoc />
    public bool Equals(Cohort? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
