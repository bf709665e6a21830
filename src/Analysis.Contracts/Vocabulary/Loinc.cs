namespace Analysis.Contracts;

/// <summary>LOINC codes of the site data contract: the observations the nodes derive their variables from, and their answers.</summary>
public static class Loinc
{
    /// <summary>The LOINC system URI.</summary>
    public const string System = CodeSystems.Loinc;

    /// <summary>T category.</summary>
    public static Code TCategory { get; } = new(System, "21905-5", "Primary tumor.clinical [Class] Cancer");

    /// <summary>N category.</summary>
    public static Code NCategory { get; } = new(System, "21906-3", "Regional lymph nodes.clinical [Class] Cancer");

    /// <summary>M category.</summary>
    public static Code MCategory { get; } = new(System, "21907-1", "Distant metastases.clinical [Class] Cancer");

    /// <summary>Stage group.</summary>
    public static Code StageGroup { get; } = new(System, "21908-9", "Stage group.clinical Cancer");

    /// <summary>Estrogen receptor status.</summary>
    public static Code EstrogenReceptor { get; } = new(System, "85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen");

    /// <summary>Progesterone receptor status.</summary>
    public static Code ProgesteroneReceptor { get; } = new(System, "85339-0", "Progesterone receptor Ag [Presence] in Breast cancer specimen");

    /// <summary>HER2 status.</summary>
    public static Code Her2 { get; } = new(System, "85319-2", "HER2 [Presence] in Breast cancer specimen");

    /// <summary>Genetic variant assessment (one observation per gene with a status).</summary>
    public static Code GeneticVariantAssessment { get; } = new(System, "69548-6", "Genetic variant assessment");

    /// <summary>Gene studied (the component naming the gene of a variant assessment).</summary>
    public static Code GeneStudied { get; } = new(System, "48018-6", "Gene studied [ID]");

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
