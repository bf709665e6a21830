namespace Analysis.Contracts;

/// <summary>SNOMED CT codes of the site data contract.</summary>
public static class Snomed
{
    /// <summary>The SNOMED CT system URI.</summary>
    public const string System = CodeSystems.Snomed;

    /// <summary>Malignant neoplasm of breast.</summary>
    public static Code BreastCancer { get; } = new(System, "254837009", "Malignant neoplasm of breast");

    /// <summary>Malignant neoplasm of colon.</summary>
    public static Code ColonCancer { get; } = new(System, "363406005", "Malignant neoplasm of colon");

    /// <summary>Non-small cell lung cancer.</summary>
    public static Code NonSmallCellLungCancer { get; } = new(System, "254637007", "Non-small cell lung cancer");

    /// <summary>Receptor result: positive.</summary>
    public static Code Positive { get; } = new(System, "10828004", "Positive");

    /// <summary>Receptor result: negative.</summary>
    public static Code Negative { get; } = new(System, "260385009", "Negative");

    /// <summary>Surgical procedure (resection of the primary tumour).</summary>
    public static Code Surgery { get; } = new(System, "387713003", "Surgical procedure");

    /// <summary>Radiotherapy.</summary>
    public static Code Radiotherapy { get; } = new(System, "108290001", "Radiotherapy");

    /// <summary>Any SNOMED CT code.</summary>
    public static Code Of(string value, string display = "") => new(System, value, display);
}

/// <summary>ICD-10 codes of the site data contract.</summary>
public static class Icd10
{
    /// <summary>The ICD-10-CM system URI the contract uses.</summary>
    public const string System = CodeSystems.Icd10;

    /// <summary>Malignant neoplasm of breast, unspecified.</summary>
    public static Code BreastCancer { get; } = new(System, "C50.9", "Malignant neoplasm of breast, unspecified");

    /// <summary>Malignant neoplasm of colon, unspecified.</summary>
    public static Code ColonCancer { get; } = new(System, "C18.9", "Malignant neoplasm of colon, unspecified");

    /// <summary>Malignant neoplasm of bronchus or lung, unspecified.</summary>
    public static Code LungCancer { get; } = new(System, "C34.9", "Malignant neoplasm of bronchus or lung, unspecified");

    /// <summary>Any ICD-10 code.</summary>
    public static Code Of(string value, string display = "") => new(System, value, display);
}
