namespace Analysis.Synthetic;

/// <summary>A procedure on a date.</summary>
/// <param name="Kind">Surgery or radiotherapy.</param>
/// <param name="Date">When it was performed.</param>
public readonly record struct ProcedureEvent(ProcedureKind Kind, DateOnly Date);

/// <summary>A drug order.</summary>
/// <param name="Drug">What was ordered.</param>
/// <param name="AuthoredOn">When it was ordered.</param>
/// <param name="Active">True while the patient is still on it at last contact.</param>
public readonly record struct MedicationOrder(Drug Drug, DateOnly AuthoredOn, bool Active);

/// <summary>The breast receptor status; null members for other cancers, where it is not tested.</summary>
/// <param name="ER">Oestrogen receptor positive.</param>
/// <param name="PR">Progesterone receptor positive.</param>
/// <param name="HER2">HER2 positive (amplified or IHC 3+).</param>
public readonly record struct Receptors(bool ER, bool PR, bool HER2);

/// <summary>One generated patient with everything the writers need.</summary>
public sealed class SyntheticPatient
{
    /// <summary>Zero-based position in the cohort.</summary>
    public required int Index { get; init; }

    /// <summary><c>{site}-{n:D6}</c>, n = <see cref="Index"/> + 1.</summary>
    public required string Id { get; init; }

    /// <summary>Primary cancer.</summary>
    public required CancerType Cancer { get; init; }

    /// <summary>True for female, false for male.</summary>
    public required bool Female { get; init; }

    /// <summary>Date of birth.</summary>
    public required DateOnly BirthDate { get; init; }

    /// <summary>Date of diagnosis (Condition.onsetDateTime).</summary>
    public required DateOnly DiagnosisDate { get; init; }

    /// <summary>Whole years from birth to diagnosis.</summary>
    public required int AgeAtDiagnosis { get; init; }

    /// <summary>TNM and stage group at diagnosis.</summary>
    public required Tnm Tnm { get; init; }

    /// <summary>Breast receptors; null for other cancers.</summary>
    public required Receptors? Receptors { get; init; }

    /// <summary>Mutation status of KRAS, EGFR, TP53 and PIK3CA, indexed by <see cref="MarkerGene"/>.</summary>
    public required bool[] Mutated { get; init; }

    /// <summary>Tumour variants (drivers for the mutated genes, then passengers) for the MAF.</summary>
    public required IReadOnlyList<Variant> Variants { get; init; }

    /// <summary>Procedures, in date order.</summary>
    public required IReadOnlyList<ProcedureEvent> Procedures { get; init; }

    /// <summary>Drug orders, in date order.</summary>
    public required IReadOnlyList<MedicationOrder> Medications { get; init; }

    /// <summary>Last follow-up: the death date when <see cref="Deceased"/>, else the censoring date.</summary>
    public required DateOnly LastContact { get; init; }

    /// <summary>True when the patient died before censoring.</summary>
    public required bool Deceased { get; init; }

    /// <summary>Days from diagnosis to <see cref="LastContact"/>.</summary>
    public int FollowUpDays => LastContact.DayNumber - DiagnosisDate.DayNumber;

    /// <summary>What the survival model conditions on, taken from this patient's record.</summary>
    public Presentation Presentation =>
        new(Cancer, AgeAtDiagnosis, Female, Tnm.Stage, Receptors, Mutated, Received(Drug.Trastuzumab));

    /// <summary>True when <paramref name="gene"/> carries a (driver) mutation.</summary>
    public bool Has(MarkerGene gene) => Mutated[(int)gene];

    /// <summary>True when the patient was prescribed <paramref name="drug"/>.</summary>
    public bool Received(Drug drug) => Medications.Any(m => m.Drug == drug);
}
