using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace Analysis.Fhir;

/// <summary>
/// Flattens Patient, Condition, Observation, Procedure and MedicationRequest resources into typed rows; other types are
/// skipped. The one reading of FHIR into rows (notebooks, exports and the site node's ingest use it), by these rules:
/// codes are taken from the first coding (the one the resource lists first; <see cref="CodeIn"/> picks one by system,
/// compared exactly, as FHIR systems and codes are case-sensitive); dates keep the calendar day as written (a time of
/// day and zone are dropped; a partial date such as <c>2020-05</c> takes its first day or is refused, as the
/// <see cref="FhirProfile"/> says); a subject reference <c>Patient/{id}</c> (relative or absolute, a version suffix
/// dropped) gives the patient id, any other reference none. The profile also names the elements that must be present.
/// </summary>
public static class FhirFlattener
{
    /// <summary>Flattens <paramref name="resources"/>, in order.</summary>
    /// <param name="resources">The resources; types other than the five above are skipped.</param>
    /// <param name="profile">What is required and how partial dates are read (default: <see cref="FhirProfile.Default"/>).</param>
    /// <exception cref="FormatException">A date is not a FHIR date, a resource has no id, or it lacks an element the profile requires; the message names the resource and element.</exception>
    public static FhirRows Flatten(IEnumerable<Resource> resources, FhirProfile? profile = null)
    {
        var patients = new List<PatientRow>();
        var conditions = new List<ConditionRow>();
        var observations = new List<ObservationRow>();
        var procedures = new List<ProcedureRow>();
        var medications = new List<MedicationRequestRow>();
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case Patient p: patients.Add(Row(p, profile)); break;
                case Condition c: conditions.Add(Row(c, profile)); break;
                case Observation o: AddRows(o, observations, profile ?? FhirProfile.Default); break;
                case Procedure p: procedures.Add(Row(p, profile)); break;
                case MedicationRequest m: medications.Add(Row(m, profile)); break;
            }
        }
        return new FhirRows(patients, conditions, observations, procedures, medications);
    }

    /// <summary>A Patient as a row.</summary>
    /// <exception cref="FormatException">A bad date, no id, or a required element missing (named).</exception>
    public static PatientRow Row(Patient patient, FhirProfile? profile = null)
    {
        var rules = new Rules(patient, profile);
        var (deceased, date) = patient.Deceased switch
        {
            FhirBoolean b => (b.Value, (DateOnly?)null),
            FhirDateTime d => (true, rules.Date(d.Value, "deceasedDateTime")),
            _ => ((bool?)null, (DateOnly?)null),
        };
        var row = new PatientRow(Id(patient), patient.Gender is { } g ? g.GetLiteral() : null, rules.Date(patient.BirthDate, "birthDate"), deceased, date);
        rules.Require("gender", row.Sex, "male, female, other or unknown");
        rules.Require("birthDate", row.BirthDate, "YYYY-MM-DD");
        rules.Require("deceased[x]", row.Deceased, "deceasedBoolean or deceasedDateTime");
        return row;
    }

    /// <summary>A Condition as a row.</summary>
    /// <exception cref="FormatException">A bad date, no id, or a required element missing (named).</exception>
    public static ConditionRow Row(Condition condition, FhirProfile? profile = null)
    {
        var rules = new Rules(condition, profile);
        var (system, code, display) = First(condition.Code);
        var row = new ConditionRow(Id(condition), PatientId(condition.Subject), system, code, display, rules.Date(condition.Onset, "onset"));
        rules.SubjectAndCode(row.PatientId, condition.Subject, row.Code);
        rules.Require("onset[x]", row.OnsetDate, "onsetDateTime or onsetPeriod.start");
        return row;
    }

    /// <summary>A Procedure as a row.</summary>
    /// <exception cref="FormatException">A bad date, no id, or a required element missing (named).</exception>
    public static ProcedureRow Row(Procedure procedure, FhirProfile? profile = null)
    {
        var rules = new Rules(procedure, profile);
        var (system, code, display) = First(procedure.Code);
        var row = new ProcedureRow(Id(procedure), PatientId(procedure.Subject), system, code, display, rules.Date(procedure.Performed, "performed"),
            procedure.Status?.GetLiteral());
        rules.SubjectAndCode(row.PatientId, procedure.Subject, row.Code);
        rules.Require("performed[x]", row.PerformedDate, "performedDateTime or performedPeriod.start");
        rules.Require("status", row.Status, "an event status");
        return row;
    }

    /// <summary>A MedicationRequest as a row (a <c>medicationCodeableConcept</c>; a <c>medicationReference</c> gives no code).</summary>
    /// <exception cref="FormatException">A bad date, no id, or a required element missing (named).</exception>
    public static MedicationRequestRow Row(MedicationRequest request, FhirProfile? profile = null)
    {
        var rules = new Rules(request, profile);
        var (system, code, display) = First(request.Medication as CodeableConcept);
        var row = new MedicationRequestRow(Id(request), PatientId(request.Subject), system, code, display, rules.Date(request.AuthoredOn, "authoredOn"),
            request.Status?.GetLiteral(), request.Intent?.GetLiteral());
        rules.SubjectAndCode(row.PatientId, request.Subject, row.Code, "medication[x]", "a medicationCodeableConcept with a coded coding");
        rules.Require("authoredOn", row.AuthoredOn, "YYYY-MM-DD");
        rules.Require("status", row.Status, "a request status");
        rules.Require("intent", row.Intent, "a request intent");
        return row;
    }

    /// <summary>An Observation as its row followed by one row per component (see <see cref="ObservationRow"/>).</summary>
    /// <exception cref="FormatException">A bad date, no id, or a required element missing (named).</exception>
    public static IReadOnlyList<ObservationRow> Rows(Observation observation, FhirProfile? profile = null)
    {
        var rows = new List<ObservationRow>();
        AddRows(observation, rows, profile ?? FhirProfile.Default);
        return rows;
    }

    /// <summary>The code of the first coding of <paramref name="concept"/> in <paramref name="system"/> (compared exactly); null when it has none.</summary>
    public static string? CodeIn(CodeableConcept? concept, string system) =>
        concept?.Coding.FirstOrDefault(c => c.System == system && !string.IsNullOrEmpty(c.Code))?.Code;

    private static void AddRows(Observation observation, List<ObservationRow> rows, FhirProfile profile)
    {
        var rules = new Rules(observation, profile);
        var patient = PatientId(observation.Subject);
        var effective = rules.Date(observation.Effective, "effective");
        var status = observation.Status?.GetLiteral();
        ObservationRow Make(string id, string? parent, CodeableConcept? code, DataType? value)
        {
            var (system, c, display) = First(code);
            var row = new ObservationRow(id, parent, patient, system, c, display, null, null, null, null, null, null, effective, status);
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
        var main = Make(Id(observation), null, observation.Code, observation.Value);
        rules.SubjectAndCode(patient, observation.Subject, main.Code);
        rules.Require("effective[x]", effective, "effectiveDateTime, effectiveInstant or effectivePeriod.start");
        rules.Require("value[x]", (object?)main.ValueNumber ?? main.ValueCode ?? main.ValueString, "a value");
        rules.Require("status", status, "an observation status");
        rows.Add(main);
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
    internal static DateOnly? Date(string? value, string resource, string element, PartialDates partial = PartialDates.FirstDay)
    {
        if (value is null) return null;
        var day = value.Length > 10 ? value[..10] : value;
        if (DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        if (!DateOnly.TryParseExact(day, ["yyyy-MM", "yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            throw new FormatException($"{resource}: {element} '{value}' is not a FHIR date");
        return partial == PartialDates.FirstDay ? date
            : throw new FormatException($"{resource}: {element} '{value}' is a partial date; a full date (YYYY-MM-DD) is required");
    }

    // Rows are keyed by id, and every resource a server stores or exports has one.
    private static string Id(Resource resource) => resource.Id ?? throw new FormatException($"a {resource.TypeName} has no id");

    /// <summary>A profile applied to one resource: its dates read, its required elements checked, errors naming it.</summary>
    private readonly struct Rules(Resource resource, FhirProfile? profile)
    {
        private readonly FhirProfile _profile = profile ?? FhirProfile.Default;
        private readonly string _where = $"{resource.TypeName}/{resource.Id}";

        public DateOnly? Date(string? value, string element) => FhirFlattener.Date(value, _where, element, _profile.PartialDates);

        /// <summary>The day of a choice element <c>{name}[x]</c>: a dateTime, an instant, or the start of a period; null for any other type.</summary>
        public DateOnly? Date(DataType? value, string name) => value switch
        {
            FhirDateTime d => Date(d.Value, $"{name}DateTime"),
            Instant i => i.Value is { } t ? DateOnly.FromDateTime(t.DateTime) : null,
            Period p => Date(p.Start, $"{name}Period.start"),
            _ => null,
        };

        public void Require(string element, object? value, string expected)
        {
            if (value is null && _profile.Requires($"{resource.TypeName}.{element}"))
                throw new FormatException($"{_where}: {element} is required ({expected})");
        }

        /// <summary>Checks the subject (a Patient reference) and the code, when the profile requires them.</summary>
        public void SubjectAndCode(string? patientId, ResourceReference? subject, string? code, string codeElement = "code", string expected = "a coding with a code")
        {
            if (patientId is null && _profile.Requires($"{resource.TypeName}.subject"))
                throw new FormatException(subject?.Reference is { } other
                    ? $"{_where}: subject '{other}' is not a Patient reference (Patient/{{id}})"
                    : $"{_where}: subject is required (a Patient/{{id}} reference)");
            Require(codeElement, code, expected);
        }
    }
}
