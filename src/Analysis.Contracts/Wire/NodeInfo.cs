using System.Text.Json.Serialization;

namespace Analysis.Contracts;

/// <summary>How a site releases numbers (<c>"protected"</c> or <c>"exact"</c> on the wire and in node.json).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisclosureMode>))]
public enum DisclosureMode
{
    /// <summary>
    /// The default: thresholds, plus a deterministic perturbation keyed to the records behind every released number,
    /// rounding, band-aligned filters, refusal of cohorts that differ from an earlier one by a few patients, weight
    /// checks on models and differential privacy for federated learning (docs/privacy.md).
    /// </summary>
    [JsonStringEnumMemberName("protected")]
    Protected,

    /// <summary>
    /// For trusted environments only: the thresholds apply, nothing else, so federated results equal the pooled
    /// computation exactly. A site chooses this explicitly in node.json; clients report results as exact only then.
    /// </summary>
    [JsonStringEnumMemberName("exact")]
    Exact,
}

/// <summary>The rules for federated learning at a site: the node's, never the client's.</summary>
/// <remarks>
/// Properties are settable (not init-only) so the source-generated reader keeps the defaults of members a node.json
/// leaves out (dotnet/runtime#84484).
/// </remarks>
public sealed record LearningPolicy
{
    /// <summary>Each patient's gradient is clipped to this L2 norm before it is summed (DP-SGD). Default 1.</summary>
    public double ClipNorm { get; set; } = 1.0;

    /// <summary>Gaussian noise of SD <c>NoiseMultiplier × ClipNorm</c> is added to every summed gradient. Default 1.1.</summary>
    public double NoiseMultiplier { get; set; } = 1.1;

    /// <summary>The δ of the (ε, δ) guarantee. Default 1e-5 (well under 1/n for any site).</summary>
    public double Delta { get; set; } = 1e-5;

    /// <summary>The ε one user may spend at this site (over all their training). Default 10.</summary>
    public double EpsilonPerUser { get; set; } = 10;

    /// <summary>The ε all users of one study together may spend at this site. Default 20.</summary>
    public double EpsilonPerStudy { get; set; } = 20;

    /// <summary>The longest one training request may run. Default 60 s.</summary>
    public int MaxTrainingSeconds { get; set; } = 60;

    /// <summary>Checks the values make sense.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(ClipNorm > 0) || !double.IsFinite(ClipNorm)) throw new ArgumentException("learning.clipNorm must be a positive number");
        if (!(NoiseMultiplier >= 0) || !double.IsFinite(NoiseMultiplier)) throw new ArgumentException("learning.noiseMultiplier must be 0 or more");
        if (!(Delta is > 0 and < 1)) throw new ArgumentException("learning.delta must be in (0, 1)");
        if (!(EpsilonPerUser > 0) || !(EpsilonPerStudy > 0)) throw new ArgumentException("learning.epsilonPerUser and epsilonPerStudy must be positive");
        if (MaxTrainingSeconds < 1) throw new ArgumentException("learning.maxTrainingSeconds must be at least 1");
    }
}

/// <summary>The statistical disclosure rules every answer of a site passes, as the site configures them in node.json and its node reports them.</summary>
/// <remarks>
/// <para><see cref="MinSubsetSize"/> defaults to 10, twice the cell threshold: a multi-cell result (cross-table, histogram,
/// risk table) over a cohort of 5 to 9 patients would have almost every cell suppressed, and the few visible cells
/// plus the cohort total would let a reader recover the suppressed ones by subtraction. Single counts and summaries
/// need only <see cref="MinCellCount"/>.</para>
/// <para>What each rule guards, and how they compare with DataSHIELD's settings, is in docs/privacy.md. Properties are
/// settable so the source-generated reader keeps the defaults of members left out (dotnet/runtime#84484).</para>
/// </remarks>
public sealed record DisclosurePolicy
{
    /// <summary><see cref="DisclosureMode.Protected"/> (the default) or <see cref="DisclosureMode.Exact"/> for trusted environments.</summary>
    public DisclosureMode Mode { get; set; } = DisclosureMode.Protected;

    /// <summary>The smallest count shown; smaller counts (including zero) are suppressed. Default 5.</summary>
    public int MinCellCount { get; set; } = 5;

    /// <summary>The smallest cohort a multi-cell result or a model is computed over; smaller cohorts are refused. Default 10.</summary>
    public int MinSubsetSize { get; set; } = 10;

    /// <summary>Width in days of the survival grid: no follow-up time is released finer than this. Default 30.</summary>
    public int SurvivalGridDays { get; set; } = 30;

    /// <summary>
    /// Protected mode: age filters must start and end on bands this many years wide (ageMin a multiple of it, ageMax
    /// one less than a multiple), and age histograms bin by multiples of it. Default 5.
    /// </summary>
    public int AgeBandYears { get; set; } = 5;

    /// <summary>Protected mode: the largest perturbation added to a released count (the cell-key method's D). Default 2.</summary>
    public int NoiseMax { get; set; } = 2;

    /// <summary>Protected mode: shown counts, cross-table cells, Beacon and mutation counts are rounded to a multiple of this. Default 5.</summary>
    public int RoundingBase { get; set; } = 5;

    /// <summary>
    /// Protected mode: a cohort whose patients differ from those of a cohort already answered (to any user) by at least
    /// one but fewer than this many is refused, so two queries cannot be subtracted to isolate a few patients. Default 10.
    /// </summary>
    public int MinCohortDifference { get; set; } = 10;

    /// <summary>
    /// Whether each risk-table cell (at risk, events, censored per grid interval) also passes the cell rule. Off by default:
    /// the grid is what protects survival times, and a stratum smaller than <see cref="MinSubsetSize"/> is withheld whole.
    /// With the cell rule a 30-day grid at a site of a few thousand patients has nearly every interval's events under 5,
    /// which makes a pooled Kaplan-Meier curve impossible; sites that need it anyway turn this on, and clients then
    /// report their curves as approximate.
    /// </summary>
    public bool SuppressRiskTableCells { get; set; }

    /// <summary>
    /// Protected mode: a risk table stops at the first grid interval where its released number at risk is under this;
    /// the later intervals are withheld (the cut depends on released numbers only). Default 0: every interval is released
    /// and the client ends a pooled curve where the federation's number at risk is too small for the sites' noise (so a
    /// small site does not cut everyone's curve). A site that wants its own tails withheld, as some disclosure-controlled
    /// survival outputs are where fewer than 10-30 remain, sets it; clients then stop the curve there and say so.
    /// </summary>
    public int RiskTableMinAtRisk { get; set; }

    /// <summary>
    /// Whether numeric summaries may include the minimum and maximum (off by default: an extreme value often
    /// belongs to one identifiable patient, e.g. the oldest). Even when on, they are released only with an
    /// unsuppressed n.
    /// </summary>
    public bool ReleaseMinMax { get; set; }

    /// <summary>The largest ratio of model parameters to patients a fitted model may have. Default 0.33.</summary>
    public double MaxGlmParametersPerN { get; set; } = 0.33;

    /// <summary>A query running longer than this is cancelled. Default 30 s.</summary>
    public int QueryTimeoutSeconds { get; set; } = 30;

    /// <summary>The most rows (cells, bins, intervals or records) one answer may hold. Default 10,000.</summary>
    public int MaxResultRows { get; set; } = 10_000;

    /// <summary>The rules for federated learning.</summary>
    public LearningPolicy Learning { get; set; } = new();

    /// <summary>Whether numbers are released exactly (thresholds only).</summary>
    [JsonIgnore]
    public bool IsExact => Mode == DisclosureMode.Exact;

    /// <summary>Checks the policy's values make sense.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode)) throw new ArgumentException("mode must be 'protected' or 'exact'");
        if (MinCellCount < 1) throw new ArgumentException("minCellCount must be at least 1");
        if (MinSubsetSize < MinCellCount) throw new ArgumentException("minSubsetSize must be at least minCellCount");
        if (SurvivalGridDays < 1) throw new ArgumentException("survivalGridDays must be at least 1");
        if (AgeBandYears is < 1 or > 50) throw new ArgumentException("ageBandYears must be between 1 and 50");
        if (NoiseMax is < 0 or > 100) throw new ArgumentException("noiseMax must be between 0 and 100");
        if (RoundingBase is < 1 or > 1000) throw new ArgumentException("roundingBase must be between 1 and 1000");
        if (RiskTableMinAtRisk < 0) throw new ArgumentException("riskTableMinAtRisk must be 0 or more");
        if (MinCohortDifference < 1) throw new ArgumentException("minCohortDifference must be at least 1");
        if (MaxGlmParametersPerN is <= 0 or > 1) throw new ArgumentException("maxGlmParametersPerN must be in (0, 1]");
        if (QueryTimeoutSeconds < 1) throw new ArgumentException("queryTimeoutSeconds must be at least 1");
        if (MaxResultRows < 1) throw new ArgumentException("maxResultRows must be at least 1");
        ArgumentNullException.ThrowIfNull(Learning);
        Learning.Validate();
    }
}

/// <summary>Answer of <c>GET /api/v1/info</c>: what a client needs to know about a site before asking it anything.</summary>
/// <param name="Name">The site's human-readable name.</param>
/// <param name="Version">The node software's version.</param>
/// <param name="Open">Whether tokens with the <c>records</c> scope may read rows.</param>
/// <param name="Patients">The number of patients in the dataset, under the cell rule.</param>
/// <param name="Policy">The disclosure rules every answer passes.</param>
/// <param name="Categorical">Variables that can group, stratify or enter models as factors.</param>
/// <param name="Numeric">Variables that can be summarised or enter models as they are.</param>
/// <param name="Dataset">The fingerprint of the ingested files, so a re-run can tell it ran on the same data; null from nodes that predate it.</param>
public sealed record NodeInfo(string Name, string Version, bool Open, ReleasedCell Patients, DisclosurePolicy Policy,
    IReadOnlyList<string> Categorical, IReadOnlyList<string> Numeric, DatasetFingerprint? Dataset = null)
{
    /// <summary>The processing operations the site runs on its images (its allowlist, <see cref="ImagingOperations"/>); null from a node that predates it.</summary>
    public IReadOnlyList<string>? Processing { get; init; }
}

/// <summary>The body of every error answer (RFC 9457 problem details, <c>application/problem+json</c>).</summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">A short summary of the kind.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What exactly is wrong.</param>
/// <param name="Field">The JSON path of the offending request member, when there is one (e.g. <c>filter.ageMax</c>).</param>
public sealed record Problem(string? Type = null, string? Title = null, int? Status = null, string? Detail = null, string? Field = null);
