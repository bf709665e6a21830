namespace Analysis.Fhir;

/// <summary>A FHIR Patient as one row.</summary>
/// <param name="Id">The resource id.</param>
/// <param name="Sex">The administrative gender code (<c>female</c>, <c>male</c>, <c>other</c>, <c>unknown</c>).</param>
/// <param name="BirthDate">The birth date (a partial date takes its first day).</param>
/// <param name="Deceased">True or false when the resource says (<c>deceasedBoolean</c>, or a <c>deceasedDateTime</c> means true); null when silent.</param>
/// <param name="DeceasedDate">The date of death, when given as <c>deceasedDateTime</c>.</param>
public sealed record PatientRow(string Id, string? Sex, DateOnly? BirthDate, bool? Deceased, DateOnly? DeceasedDate);

/// <summary>A FHIR Condition as one row, coded by its first coding.</summary>
/// <param name="Id">The resource id.</param>
/// <param name="PatientId">The id of the subject patient.</param>
/// <param name="CodeSystem">The system of the first coding of <c>code</c>.</param>
/// <param name="Code">The code of the first coding.</param>
/// <param name="Display">Its display, else the concept's text.</param>
/// <param name="OnsetDate">The onset (<c>onsetDateTime</c>, or the start of <c>onsetPeriod</c>).</param>
public sealed record ConditionRow(string Id, string? PatientId, string? CodeSystem, string? Code, string? Display, DateOnly? OnsetDate);

/// <summary>
/// A FHIR Observation, or one of its components, as one row. Components become rows of their own after their
/// observation's, with <see cref="ParentId"/> set to it and <see cref="Id"/> <c>{observation id}#component{n}</c>
/// (n from 1), sharing its patient and date: a row then always holds one code and one value, whatever the number of
/// components, and filtering on <c>ParentId == null</c> gives the observations alone.
/// </summary>
/// <param name="Id">The resource id, or <c>{id}#component{n}</c> for a component.</param>
/// <param name="ParentId">For a component, the observation's id; null for the observation itself.</param>
/// <param name="PatientId">The id of the subject patient.</param>
/// <param name="CodeSystem">The system of the first coding of <c>code</c>.</param>
/// <param name="Code">The code of the first coding.</param>
/// <param name="Display">Its display, else the concept's text.</param>
/// <param name="ValueNumber">The number of a <c>valueQuantity</c> (or <c>valueInteger</c>).</param>
/// <param name="ValueUnit">The unit of a <c>valueQuantity</c> (its <c>unit</c>, else its <c>code</c>).</param>
/// <param name="ValueSystem">The system of the first coding of a <c>valueCodeableConcept</c>.</param>
/// <param name="ValueCode">Its code.</param>
/// <param name="ValueDisplay">Its display, else the concept's text.</param>
/// <param name="ValueString">A <c>valueString</c> (or <c>valueBoolean</c> as <c>true</c>/<c>false</c>).</param>
/// <param name="EffectiveDate">The date (<c>effectiveDateTime</c>, <c>effectiveInstant</c>, or the start of <c>effectivePeriod</c>).</param>
/// <param name="Status">The observation's status (<c>final</c>, <c>amended</c>, ...), components sharing it.</param>
public sealed record ObservationRow(
    string Id, string? ParentId, string? PatientId, string? CodeSystem, string? Code, string? Display,
    double? ValueNumber, string? ValueUnit, string? ValueSystem, string? ValueCode, string? ValueDisplay, string? ValueString,
    DateOnly? EffectiveDate, string? Status = null);

/// <summary>A FHIR Procedure as one row, coded by its first coding.</summary>
/// <param name="Id">The resource id.</param>
/// <param name="PatientId">The id of the subject patient.</param>
/// <param name="CodeSystem">The system of the first coding of <c>code</c>.</param>
/// <param name="Code">The code of the first coding.</param>
/// <param name="Display">Its display, else the concept's text.</param>
/// <param name="PerformedDate">When it was performed (<c>performedDateTime</c>, or the start of <c>performedPeriod</c>).</param>
/// <param name="Status">The procedure's status (<c>completed</c>, ...).</param>
public sealed record ProcedureRow(string Id, string? PatientId, string? CodeSystem, string? Code, string? Display, DateOnly? PerformedDate, string? Status = null);

/// <summary>A FHIR MedicationRequest as one row, coded by the first coding of its <c>medicationCodeableConcept</c>.</summary>
/// <param name="Id">The resource id.</param>
/// <param name="PatientId">The id of the subject patient.</param>
/// <param name="CodeSystem">The system of the first coding of <c>medicationCodeableConcept</c> (null for a <c>medicationReference</c>).</param>
/// <param name="Code">The code of the first coding (an RxNorm code in the site data contract).</param>
/// <param name="Display">Its display, else the concept's text.</param>
/// <param name="AuthoredOn">When the request was written.</param>
/// <param name="Status">The request's status (<c>active</c>, <c>completed</c>, ...).</param>
/// <param name="Intent">The request's intent (<c>order</c>, <c>plan</c>, ...).</param>
public sealed record MedicationRequestRow(
    string Id, string? PatientId, string? CodeSystem, string? Code, string? Display, DateOnly? AuthoredOn, string? Status, string? Intent);
