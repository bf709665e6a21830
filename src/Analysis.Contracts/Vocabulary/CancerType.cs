namespace Analysis.Contracts;

/// <summary>The primary cancers of the site data contract.</summary>
public enum CancerType
{
    /// <summary>Malignant neoplasm of breast.</summary>
    Breast,

    /// <summary>Colorectal (colon) cancer.</summary>
    Colorectal,

    /// <summary>Non-small cell lung cancer.</summary>
    Lung,
}

/// <summary>Names and codes of each <see cref="CancerType"/>, as the site data contract fixes them.</summary>
public static class CancerTypes
{
    /// <summary>Every cancer type, in the order the contract lists them.</summary>
    public static IReadOnlyList<CancerType> All { get; } = [CancerType.Breast, CancerType.Colorectal, CancerType.Lung];

    /// <summary>The lower-case name used on the command line and in metadata.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined cancer type.</exception>
    public static string Name(this CancerType cancer) => cancer switch
    {
        CancerType.Breast => "breast",
        CancerType.Colorectal => "colorectal",
        CancerType.Lung => "lung",
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };

    /// <summary>The SNOMED CT code of the primary cancer condition.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined cancer type.</exception>
    public static Code Snomed(this CancerType cancer) => cancer switch
    {
        CancerType.Breast => Contracts.Snomed.BreastCancer,
        CancerType.Colorectal => Contracts.Snomed.ColonCancer,
        CancerType.Lung => Contracts.Snomed.NonSmallCellLungCancer,
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };

    /// <summary>The ICD-10-CM code of the primary cancer condition.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined cancer type.</exception>
    public static Code Icd10(this CancerType cancer) => cancer switch
    {
        CancerType.Breast => Contracts.Icd10.BreastCancer,
        CancerType.Colorectal => Contracts.Icd10.ColonCancer,
        CancerType.Lung => Contracts.Icd10.LungCancer,
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };

    /// <summary>Parses a name (case-insensitive, surrounding spaces ignored); false for anything else.</summary>
    public static bool TryParse(string text, out CancerType cancer)
    {
        foreach (var c in All)
        {
            if (string.Equals(c.Name(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                cancer = c;
                return true;
            }
        }
        cancer = default;
        return false;
    }

    /// <summary>The cancer a SNOMED CT or ICD-10 code value denotes (ICD-10 matched case-insensitively); null for any other code.</summary>
    public static CancerType? FromCode(string code)
    {
        foreach (var c in All)
            if (c.Snomed().Value == code || string.Equals(c.Icd10().Value, code, StringComparison.OrdinalIgnoreCase))
                return c;
        return null;
    }
}
