namespace Analysis.Federation;

/// <summary>A coded concept from a terminology; any code can be built, the constants below are the data contract's.</summary>
/// <param name="System">The terminology's URI.</param>
/// <param name="Value">The code within <paramref name="System"/>.</param>
/// <param name="Display">A human-readable label.</param>
public sealed record Code(string System, string Value, string Display)
{
    /// <inheritdoc />
    public override string ToString() => $"{Value} {Display}";
}

/// <summary>SNOMED CT codes of the site data contract.</summary>
public static class Snomed
{
    /// <summary>The SNOMED CT system URI.</summary>
    public const string System = "http://snomed.info/sct";

    /// <summary>Malignant neoplasm of breast.</summary>
    public static Code BreastCancer { get; } = new(System, "254837009", "Malignant neoplasm of breast");

    /// <summary>Malignant neoplasm of colon.</summary>
    public static Code ColonCancer { get; } = new(System, "363406005", "Malignant neoplasm of colon");

    /// <summary>Non-small cell lung cancer.</summary>
    public static Code NonSmallCellLungCancer { get; } = new(System, "254637007", "Non-small cell lung cancer");

    /// <summary>Any SNOMED CT code.</summary>
    public static Code Of(string value, string display = "") => new(System, value, display);
}

/// <summary>ICD-10 codes of the site data contract.</summary>
public static class Icd10
{
    /// <summary>The ICD-10-CM system URI the contract uses.</summary>
    public const string System = "http://hl7.org/fhir/sid/icd-10-cm";

    /// <summary>Malignant neoplasm of breast, unspecified.</summary>
    public static Code BreastCancer { get; } = new(System, "C50.9", "Malignant neoplasm of breast, unspecified");

    /// <summary>Malignant neoplasm of colon, unspecified.</summary>
    public static Code ColonCancer { get; } = new(System, "C18.9", "Malignant neoplasm of colon, unspecified");

    /// <summary>Malignant neoplasm of bronchus or lung, unspecified.</summary>
    public static Code LungCancer { get; } = new(System, "C34.9", "Malignant neoplasm of bronchus or lung, unspecified");

    /// <summary>Any ICD-10 code.</summary>
    public static Code Of(string value, string display = "") => new(System, value, display);
}

/// <summary>LOINC codes of the site data contract (observations the nodes derive their variables from).</summary>
public static class Loinc
{
    /// <summary>The LOINC system URI.</summary>
    public const string System = "http://loinc.org";

    /// <summary>T category.</summary>
    public static Code TCategory { get; } = new(System, "21905-5", "Primary tumor.clinical [Class] Cancer");

    /// <summary>N category.</summary>
    public static Code NCategory { get; } = new(System, "21906-3", "Regional lymph nodes.clinical [Class] Cancer");

    /// <summary>M category.</summary>
    public static Code MCategory { get; } = new(System, "21907-1", "Distant metastases.clinical [Class] Cancer");

    /// <summary>Stage group.</summary>
    public static Code StageGroup { get; } = new(System, "21908-9", "Stage group.clinical Cancer");

    /// <summary>Estrogen receptor status.</summary>
    public static Code EstrogenReceptor { get; } = new(System, "85337-4", "Estrogen receptor status");

    /// <summary>Progesterone receptor status.</summary>
    public static Code ProgesteroneReceptor { get; } = new(System, "85339-0", "Progesterone receptor status");

    /// <summary>HER2 status.</summary>
    public static Code Her2 { get; } = new(System, "85319-2", "HER2 status");

    /// <summary>Genetic variant assessment.</summary>
    public static Code GeneticVariantAssessment { get; } = new(System, "69548-6", "Genetic variant assessment");

    /// <summary>Gene studied.</summary>
    public static Code GeneStudied { get; } = new(System, "48018-6", "Gene studied");

    /// <summary>Vital status.</summary>
    public static Code VitalStatus { get; } = new(System, "75186-7", "Vital status");

    /// <summary>Answer: present.</summary>
    public static Code Present { get; } = new(System, "LA9633-4", "Present");

    /// <summary>Answer: absent.</summary>
    public static Code Absent { get; } = new(System, "LA9634-2", "Absent");

    /// <summary>Answer: alive.</summary>
    public static Code Alive { get; } = new(System, "LA18976-3", "Alive");

    /// <summary>Answer: deceased.</summary>
    public static Code Deceased { get; } = new(System, "LA18977-1", "Deceased");

    /// <summary>Any LOINC code.</summary>
    public static Code Of(string value, string display = "") => new(System, value, display);
}
