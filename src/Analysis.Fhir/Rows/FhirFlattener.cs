using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace Analysis.Fhir;

/// <summary>
/// Flattens Patient, Condition, Observation and Procedure resources into typed rows; other types are skipped.
/// Codes are taken from the first coding (the one the resource lists first); dates keep the day (a partial date such
/// as <c>2020-05</c> takes its first day, a time of day is dropped); a subject reference <c>Patient/{id}</c> (relative
/// or absolute) gives the patient id.
/// </summary>
public static class FhirFlattener
{
    /// <summary>Flattens <paramref name="resources"/>, in order.</summary>
    /// <exception cref="FormatException">A date is not a FHIR date (the message names the resource and element), or a resource has no id.</exception>
    public static FhirRows Flatten(IEnumerable<Resource> resources)
    {
        var patients = new List<PatientRow>();
        var conditions = new List<ConditionRow>();
        var observations = new List<ObservationRow>();
        var procedures = new List<ProcedureRow>();
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case Patient p: patients.Add(Row(p)); break;
                case Condition c: conditions.Add(Row(c)); break;
                case Observation o: AddRows(o, observations); break;
                case Procedure p: procedures.Add(Row(p)); break;
            }
        }
        return new FhirRows(patients, conditions, observations, procedures);
    }

    /// <summary>A Patient as a row.</summary>
    public static PatientRow Row(Patient patient)
    {
        var where = Where(patient);
        var (deceased, date) = patient.Deceased switch
        {
            FhirBoolean b => (b.Value, (DateOnly?)null),
            FhirDateTime d => (true, Date(d.Value, where, "deceasedDateTime")),
            _ => ((bool?)null, (DateOnly?)null),
        };
        return new PatientRow(Id(patient), patient.Gender is { } g ? g.GetLiteral() : null, Date(patient.BirthDate, where, "birthDate"), deceased, date);
    }

    /// <summary>A Condition as a row.</summary>
    public static ConditionRow Row(Condition condition)
    {
        var where = Where(condition);
        var (system, code, display) = First(condition.Code);
        var onset = condition.Onset switch
        {
            FhirDateTime d => Date(d.Value, where, "onsetDateTime"),
            Period p => Date(p.Start, where, "onsetPeriod.start"),
            _ => null,
        };
        return new ConditionRow(Id(condition), PatientId(condition.Subject), system, code, display, onset);
    }

    /// <summary>A Procedure as a row.</summary>
    public static ProcedureRow Row(Procedure procedure)
    {
        var where = Where(procedure);
        var (system, code, display) = First(procedure.Code);
        var performed = procedure.Performed switch
        {
            FhirDateTime d => Date(d.Value, where, "performedDateTime"),
            Period p => Date(p.Start, where, "performedPeriod.start"),
            _ => null,
        };
        return new ProcedureRow(Id(procedure), PatientId(procedure.Subject), system, code, display, performed);
    }

    /// <summary>An Observation as its row followed by one row per component (see <see cref="ObservationRow"/>).</summary>
    public static IReadOnlyList<ObservationRow> Rows(Observation observation)
    {
        var rows = new List<ObservationRow>();
        AddRows(observation, rows);
        return rows;
    }

    private static void AddRows(Observation observation, List<ObservationRow> rows)
    {
        var where = Where(observation);
        var patient = PatientId(observation.Subject);
        var effective = observation.Effective switch
        {
            FhirDateTime d => Date(d.Value, where, "effectiveDateTime"),
            Instant i => i.Value is { } t ? DateOnly.FromDateTime(t.DateTime) : null,
            Period p => Date(p.Start, where, "effectivePeriod.start"),
            _ => null,
        };
        ObservationRow Make(string id, string? parent, CodeableConcept? code, DataType? value)
        {
            var (system, c, display) = First(code);
            var row = new ObservationRow(id, parent, patient, system, c, display, null, null, null, null, null, null, effective);
            return value switch
            {
                Quantity q => row with { ValueNumber = q.Value is { } v ? (double)v : null, ValueUnit = q.Unit ?? q.Code },
                Integer n => row with { ValueNumber = n.Value },
                CodeableConcept concept => First(concept) is var (vs, vc, vd) ? row with { ValueSystem = vs, ValueCode = vc, ValueDisplay = vd } : row,
                FhirString s => row with { ValueString = s.Value },
                FhirBoolean b => row with { ValueString = b.Value is { } flag ? (flag ? "true" : "false") : null },
                _ => row,
            };
        }
        rows.Add(Make(Id(observation), null, observation.Code, observation.Value));
        var n = 0;
        foreach (var component in observation.Component)
            rows.Add(Make($"{observation.Id}#component{++n}", observation.Id, component.Code, component.Value));
    }

    private static (string? System, string? Code, string? Display) First(CodeableConcept? concept) =>
        concept?.Coding.FirstOrDefault() is { } coding ? (coding.System, coding.Code, coding.Display ?? concept.Text) : (null, null, concept?.Text);

    /// <summary>The patient id of a <c>Patient/{id}</c> reference, relative or absolute; null for anything else.</summary>
    internal static string? PatientId(ResourceReference? reference)
    {
        if (reference?.Reference is not { } text) return null;
        var slash = text.LastIndexOf("Patient/", StringComparison.Ordinal);
        if (slash < 0) return null;
        var id = text[(slash + "Patient/".Length)..];
        var history = id.IndexOf('/');
        return history < 0 ? id : id[..history];
    }

    /// <summary>The day of a FHIR date or dateTime (<c>YYYY</c>, <c>YYYY-MM</c>, <c>YYYY-MM-DD</c>, with an optional time).</summary>
    internal static DateOnly? Date(string? value, string resource, string element)
    {
        if (value is null) return null;
        var day = value.Length > 10 ? value[..10] : value;
        string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        return DateOnly.TryParseExact(day, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw new FormatException($"{resource}: {element} '{value}' is not a FHIR date");
    }

    // Rows are keyed by id, and every resource a server stores or exports has one.
    private static string Id(Resource resource) => resource.Id ?? throw new FormatException($"a {resource.TypeName} has no id");

    private static string Where(Resource resource) => $"{resource.TypeName}/{resource.Id}";
}
