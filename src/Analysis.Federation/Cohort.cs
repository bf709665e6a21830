using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Analysis.Federation;

/// <summary>
/// Which patients a question is about, built fluently; every call returns a new cohort, so a base cohort can be
/// refined in several directions in a notebook without one cell changing another's.
/// </summary>
public sealed record Cohort
{
    private readonly Federation? federation;

    internal Cohort(Federation? federation) => this.federation = federation;

    /// <summary>A cohort not bound to a federation; useful to build filters alone.</summary>
    public Cohort()
    {
    }

    /// <summary>The federation this cohort's questions go to; null for a cohort built alone with <c>new Cohort()</c>.</summary>
    public Federation? Federation => federation;

    /// <summary>The bound federation, or a clear error for a cohort built alone.</summary>
    /// <exception cref="InvalidOperationException">The cohort was not made by <see cref="Analysis.Federation.Federation.Cohort"/>.</exception>
    public Federation RequireFederation() =>
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

    /// <summary>Adds biomarker states that must all hold.</summary>
    public Cohort Biomarker(params Biomarker[] markers) =>
        this with { Biomarkers = markers.Aggregate(Biomarkers, (all, m) => all.SetItem(m.Name, m.State)) };

    /// <summary>Adds genes that must each carry at least one variant.</summary>
    public Cohort Mutation(params string[] genes) => this with { Mutations = [.. Mutations.Union(genes.Select(g => g.ToUpperInvariant()))] };

    /// <summary>The node's <c>filter</c> object for this cohort; absent members are left out.</summary>
    public JsonObject ToFilter()
    {
        var filter = new JsonObject();
        if (DiagnosisCode is not null) filter["diagnosis"] = DiagnosisCode.Value;
        if (AgeMin is { } min) filter["ageMin"] = min;
        if (AgeMax is { } max) filter["ageMax"] = max;
        if (SexValue is { } sex) filter["sex"] = sex == Analysis.Federation.Sex.Female ? "female" : "male";
        if (!Stages.IsEmpty) filter["stage"] = new JsonArray([.. Stages.Select(s => (JsonNode)s.ToString())]);
        if (!Biomarkers.IsEmpty) filter["biomarkers"] = new JsonObject(Biomarkers.Select(b => KeyValuePair.Create(b.Key, (JsonNode?)b.Value)));
        if (!Mutations.IsEmpty) filter["mutations"] = new JsonArray([.. Mutations.Select(m => (JsonNode)m)]);
        return filter;
    }

    /// <summary>Counts the cohort at every site of the federation.</summary>
    /// <exception cref="InvalidOperationException">The cohort was not made by <see cref="Analysis.Federation.Federation.Cohort"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<FederatedCount> CountAsync(CancellationToken cancellationToken = default) =>
        RequireFederation().CountAsync(this, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => ToFilter().ToJsonString();

    /// <inheritdoc />
    public bool Equals(Cohort? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
