namespace Analysis.Fhir;

/// <summary>How a partial FHIR date (a year <c>2019</c>, or a year and month <c>2019-03</c>) becomes a row's day.</summary>
public enum PartialDates
{
    /// <summary>It takes its first day (<c>2019-03</c> is 1 March 2019): the flattener's default, for exploring data.</summary>
    FirstDay,

    /// <summary>It is refused, naming the resource, element and value: for readers that compute with days (ages, follow-up).</summary>
    Refuse,
}

/// <summary>
/// What a reader of flattened rows needs of each resource: the elements that must be present and how partial dates are
/// read. <see cref="FhirFlattener"/> applies it while it flattens, so every reader of FHIR (a notebook, the site node)
/// reads dates, references and codes by the same rules and differs only in what it requires.
/// </summary>
/// <example>
/// <code>
/// var profile = new FhirProfile { PartialDates = PartialDates.Refuse, Required = ["Condition.subject", "Condition.onset[x]"] };
/// var row = FhirFlattener.Row(condition, profile);   // FormatException "Condition/c1: onset[x] is required (...)" without one
/// </code>
/// </example>
public sealed record FhirProfile
{
    /// <summary>The elements <see cref="Required"/> may name, as the FHIR specification writes them (<c>[x]</c> for a choice).</summary>
    public static IReadOnlyList<string> Elements { get; } =
    [
        "Patient.gender", "Patient.birthDate", "Patient.deceased[x]",
        "Condition.subject", "Condition.code", "Condition.onset[x]",
        "Observation.subject", "Observation.code", "Observation.value[x]", "Observation.effective[x]", "Observation.status",
        "Procedure.subject", "Procedure.code", "Procedure.performed[x]", "Procedure.status",
        "MedicationRequest.subject", "MedicationRequest.medication[x]", "MedicationRequest.authoredOn", "MedicationRequest.status", "MedicationRequest.intent",
    ];

    /// <summary>The flattener's default: only ids are required, a partial date takes its first day.</summary>
    public static FhirProfile Default { get; } = new();

    /// <summary>How partial dates are read.</summary>
    public PartialDates PartialDates { get; init; } = PartialDates.FirstDay;

    /// <summary>The elements a resource must have (from <see cref="Elements"/>); a resource without one is refused.</summary>
    /// <exception cref="ArgumentException">An element the flattener does not read (so could never check).</exception>
    public IReadOnlySet<string> Required
    {
        get;
        init
        {
            var unknown = value.Where(e => !Elements.Contains(e)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"the flattener does not read {string.Join(", ", unknown)}; a profile can require {string.Join(", ", Elements)}", nameof(Required));
            field = value;
        }
    } = new HashSet<string>();

    /// <summary>Whether <paramref name="element"/> is required.</summary>
    public bool Requires(string element) => Required.Contains(element);
}
