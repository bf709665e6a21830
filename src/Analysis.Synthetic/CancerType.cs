namespace Analysis.Synthetic;

/// <summary>The primary cancers the generator produces.</summary>
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
    public static string Name(this CancerType cancer) => cancer switch
    {
        CancerType.Breast => "breast",
        CancerType.Colorectal => "colorectal",
        CancerType.Lung => "lung",
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };

    /// <summary>Parses a lower-case name (case-insensitive); false for anything else.</summary>
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

    /// <summary>SNOMED CT code and display of the primary cancer condition.</summary>
    public static (string Code, string Display) Snomed(this CancerType cancer) => cancer switch
    {
        CancerType.Breast => ("254837009", "Malignant neoplasm of breast"),
        CancerType.Colorectal => ("363406005", "Malignant neoplasm of colon"),
        CancerType.Lung => ("254637007", "Non-small cell lung cancer"),
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };

    /// <summary>ICD-10-CM code of the primary cancer condition.</summary>
    public static string Icd10(this CancerType cancer) => cancer switch
    {
        CancerType.Breast => "C50.9",
        CancerType.Colorectal => "C18.9",
        CancerType.Lung => "C34.9",
        _ => throw new ArgumentOutOfRangeException(nameof(cancer)),
    };
}
