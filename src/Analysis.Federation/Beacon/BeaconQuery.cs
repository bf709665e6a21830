using System.Collections.Immutable;
using System.Globalization;
using Analysis.Contracts;
using Analysis.Contracts.Beacon;

namespace Analysis.Federation;

/// <summary>The granularity of a Beacon answer: a yes/no, or a count of matching individuals.</summary>
public enum Granularity
{
    /// <summary>Only whether matching individuals exist.</summary>
    Boolean,

    /// <summary>How many individuals match (withheld under the site's threshold).</summary>
    Count,
}

/// <summary>
/// A Beacon v2 individuals query: filters that must all hold, built fluently
/// (<c>BeaconQuery.All.Diagnosis(Snomed.BreastCancer).Sex(Sex.Female).Gene("PIK3CA")</c>) or from a <see cref="Cohort"/>.
/// Immutable: each call returns a new query.
/// </summary>
public sealed record BeaconQuery
{
    private const string FemaleNcit = "NCIT:C16576";
    private const string MaleNcit = "NCIT:C20197";

    /// <summary>No filter: every individual.</summary>
    public static BeaconQuery All { get; } = new();

    /// <summary>The filters, in the order added.</summary>
    public ImmutableList<BeaconFilter> Filters { get; init; } = [];

    /// <summary>Adds an ontology term filter, e.g. <c>SNOMED:254837009</c> or <c>HGNC:6407</c>.</summary>
    public BeaconQuery Term(string curie) => this with { Filters = Filters.Add(BeaconFilter.Term(curie)) };

    /// <summary>Adds an alphanumeric filter, e.g. <c>Where("age_at_diagnosis", "&gt;=", "50")</c>.</summary>
    public BeaconQuery Where(string field, string @operator, string value) => this with { Filters = Filters.Add(BeaconFilter.Compare(field, @operator, value)) };

    /// <summary>Restricts to a primary cancer (a SNOMED CT or ICD-10 code).</summary>
    /// <exception cref="ArgumentException">The code is of another terminology.</exception>
    public BeaconQuery Diagnosis(Code code) => Term(code.System switch
    {
        Snomed.System => $"SNOMED:{code.Value}",
        Icd10.System => $"ICD10:{code.Value}",
        _ => throw new ArgumentException($"a Beacon diagnosis filter needs a SNOMED CT or ICD-10 code, not {code.System}", nameof(code)),
    });

    /// <summary>Restricts to one sex (NCIT terms).</summary>
    public BeaconQuery Sex(Sex sex) => Term(sex == Contracts.Sex.Female ? FemaleNcit : MaleNcit);

    /// <summary>Restricts the age at diagnosis to [<paramref name="min"/>, <paramref name="max"/>], inclusive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or negative.</exception>
    public BeaconQuery AgeAtDiagnosis(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        return AgeFrom(min).AgeTo(max);
    }

    private BeaconQuery AgeFrom(int min) => Where(Variable.AgeAtDiagnosis.Name, ">=", min.ToString(CultureInfo.InvariantCulture));

    private BeaconQuery AgeTo(int max) => Where(Variable.AgeAtDiagnosis.Name, "<=", max.ToString(CultureInfo.InvariantCulture));

    /// <summary>Restricts to one stage group.</summary>
    public BeaconQuery Stage(StageGroup stage) => Where(Variable.StageGroup.Name, "=", stage.ToWire());

    /// <summary>Restricts to a biomarker state, e.g. <c>Er.Positive</c> or <c>Gene.Present("KRAS")</c>.</summary>
    public BeaconQuery Biomarker(Biomarker marker) => Where(marker.Name, "=", marker.State);

    /// <summary>Restricts to carriers of at least one variant in the gene (<c>HGNC:{symbol}</c>).</summary>
    public BeaconQuery Gene(string symbol) => Term($"HGNC:{symbol.ToUpperInvariant()}");

    /// <summary>The Beacon filters equivalent to <paramref name="cohort"/>'s criteria.</summary>
    /// <exception cref="ArgumentException">The cohort asks for several stage groups (Beacon filters all hold at once) or a diagnosis of another terminology.</exception>
    public static BeaconQuery FromCohort(Cohort cohort)
    {
        var query = All;
        if (cohort.DiagnosisCode is { } code) query = query.Diagnosis(code);
        if (cohort.SexValue is { } sex) query = query.Sex(sex);
        if (cohort.AgeMin is { } min) query = query.AgeFrom(min);
        if (cohort.AgeMax is { } max) query = query.AgeTo(max);
        if (cohort.Stages.Length > 1)
            throw new ArgumentException($"Beacon filters must all hold, so one stage group can be asked at a time, not {string.Join(", ", cohort.Stages)}", nameof(cohort));
        if (cohort.Stages.Length == 1) query = query.Stage(cohort.Stages[0]);
        query = cohort.Biomarkers.Aggregate(query, (q, b) => q.Where(b.Key, "=", b.Value));
        return cohort.Mutations.Aggregate(query, (q, gene) => q.Gene(gene));
    }

    /// <summary>The request body asking for this query at <paramref name="granularity"/>.</summary>
    public BeaconRequest ToRequest(Granularity granularity) => new()
    {
        Meta = BeaconAnswer.RequestMeta,
        Query = new BeaconRequestQuery { Filters = Filters, RequestedGranularity = BeaconAnswer.Name(granularity) },
    };

    /// <inheritdoc />
    public override string ToString() => Filters.IsEmpty ? "(all individuals)" : string.Join(" AND ", Filters);
}
