using Apache.Arrow;
using Deedle;

namespace Analysis.Fhir;

/// <summary>Resources flattened into typed rows, one list per resource type; see <see cref="FhirFlattener"/>.</summary>
/// <param name="Patients">Patient rows.</param>
/// <param name="Conditions">Condition rows.</param>
/// <param name="Observations">Observation rows (components as extra rows, see <see cref="ObservationRow"/>).</param>
/// <param name="Procedures">Procedure rows.</param>
/// <param name="MedicationRequests">MedicationRequest rows.</param>
public sealed record FhirRows(
    IReadOnlyList<PatientRow> Patients, IReadOnlyList<ConditionRow> Conditions,
    IReadOnlyList<ObservationRow> Observations, IReadOnlyList<ProcedureRow> Procedures, IReadOnlyList<MedicationRequestRow> MedicationRequests)
{
    /// <summary>One Arrow record batch per row type, keyed <c>patient</c>, <c>condition</c>, <c>observation</c>, <c>procedure</c>, <c>medication_request</c>.</summary>
    public IReadOnlyDictionary<string, RecordBatch> ToArrow() => new Dictionary<string, RecordBatch>
    {
        ["patient"] = Patients.ToArrow(),
        ["condition"] = Conditions.ToArrow(),
        ["observation"] = Observations.ToArrow(),
        ["procedure"] = Procedures.ToArrow(),
        ["medication_request"] = MedicationRequests.ToArrow(),
    };

    /// <summary>One Deedle frame per row type, with the same keys and columns as <see cref="ToArrow"/>.</summary>
    public IReadOnlyDictionary<string, Frame<int, string>> ToFrames() => new Dictionary<string, Frame<int, string>>
    {
        ["patient"] = Patients.ToFrame(),
        ["condition"] = Conditions.ToFrame(),
        ["observation"] = Observations.ToFrame(),
        ["procedure"] = Procedures.ToFrame(),
        ["medication_request"] = MedicationRequests.ToFrame(),
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"FhirRows: {Patients.Count} patients, {Conditions.Count} conditions, {Observations.Count} observation rows, {Procedures.Count} procedures, {MedicationRequests.Count} medication requests";
}

/// <summary>Typed rows to Arrow record batches and Deedle frames, with the columns named after the row's properties in snake_case.</summary>
public static class RowTableExtensions
{
    /// <summary>
    /// The rows as an Arrow record batch: one nullable column per property, in declaration order, typed
    /// <c>utf8</c> (string), <c>date32</c> (DateOnly), <c>double</c>, <c>bool</c> or <c>int64</c>.
    /// </summary>
    public static RecordBatch ToArrow<TRow>(this IReadOnlyList<TRow> rows) => RowTable<TRow>.ToArrow(rows);

    /// <summary>The rows as a Deedle frame keyed 0..n-1, with the same columns as <see cref="ToArrow{TRow}"/>; nulls are missing values.</summary>
    public static Frame<int, string> ToFrame<TRow>(this IReadOnlyList<TRow> rows) => RowTable<TRow>.ToFrame(rows);
}
