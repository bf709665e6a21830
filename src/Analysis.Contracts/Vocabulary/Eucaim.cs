namespace Analysis.Contracts;

/// <summary>An imaging modality as DICOM (0008,0060) names it, coded in RadLex for EUCAIM's federated search.</summary>
public enum ImagingModality
{
    /// <summary>Computed tomography (DICOM <c>CT</c>, RadLex RID10321).</summary>
    CT,

    /// <summary>Magnetic resonance imaging (DICOM <c>MR</c>, RadLex RID10312).</summary>
    MR,

    /// <summary>Positron emission tomography (DICOM <c>PT</c>, RadLex RID10337).</summary>
    PT,

    /// <summary>Ultrasound (DICOM <c>US</c>, RadLex RID10326).</summary>
    US,

    /// <summary>Mammography (DICOM <c>MG</c>, RadLex RID10357).</summary>
    MG,
}

/// <summary>A body part examined as DICOM (0018,0015) names it (PS3.16 Annex L), coded in SNOMED CT for EUCAIM's federated search.</summary>
public enum BodyPart
{
    /// <summary>Breast (<c>BREAST</c>, SNOMED CT 76752008).</summary>
    Breast,

    /// <summary>Chest (<c>CHEST</c>, SNOMED CT 51185008).</summary>
    Chest,

    /// <summary>Abdomen (<c>ABDOMEN</c>, SNOMED CT 113345001).</summary>
    Abdomen,

    /// <summary>Pelvis (<c>PELVIS</c>, SNOMED CT 12921003).</summary>
    Pelvis,

    /// <summary>Head (<c>HEAD</c>, SNOMED CT 69536005).</summary>
    Head,

    /// <summary>Colon (<c>COLON</c>, SNOMED CT 71854001).</summary>
    Colon,

    /// <summary>Lung (<c>LUNG</c>, SNOMED CT 39607008).</summary>
    Lung,
}

/// <summary>
/// The coded categories of EUCAIM's federated search (the European Cancer Imaging Initiative's query model: AND across
/// categories, one value each) and the codes of their values. One place for them: the node's search, its Beacon
/// <c>/collections</c> and the client's typed query all read these.
/// </summary>
public static class Eucaim
{
    /// <summary>The RadLex system URI.</summary>
    public const string RadLexSystem = "http://radlex.org";

    /// <summary>The NCI Thesaurus system URI.</summary>
    public const string NcitSystem = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";

    /// <summary>Category "sex": SNOMED CT 263495000 (Gender).</summary>
    public static Code Sex { get; } = new(CodeSystems.Snomed, "263495000", "Gender");

    /// <summary>Category "diagnosis": SNOMED CT 439401001 (Diagnosis).</summary>
    public static Code Diagnosis { get; } = new(CodeSystems.Snomed, "439401001", "Diagnosis");

    /// <summary>Category "modality": RadLex RID10311 (imaging modality).</summary>
    public static Code Modality { get; } = new(RadLexSystem, "RID10311", "imaging modality");

    /// <summary>Category "body part": SNOMED CT 123037004 (Body structure).</summary>
    public static Code BodyPart { get; } = new(CodeSystems.Snomed, "123037004", "Body structure");

    /// <summary>Category "manufacturer": NCIt C25392 (Manufacturer).</summary>
    public static Code Manufacturer { get; } = new(NcitSystem, "C25392", "Manufacturer");

    /// <summary>The five categories in query order.</summary>
    public static IReadOnlyList<Code> Categories { get; } = [Sex, Diagnosis, Modality, BodyPart, Manufacturer];

    /// <summary>SNOMED CT codes of the sex values (female 248152002, male 248153007).</summary>
    public static string SexCode(Sex sex) => sex == Contracts.Sex.Female ? "248152002" : "248153007";

    /// <summary>The RadLex code of a modality.</summary>
    public static string RadLex(this ImagingModality modality) => modality switch
    {
        ImagingModality.CT => "RID10321",
        ImagingModality.MR => "RID10312",
        ImagingModality.PT => "RID10337",
        ImagingModality.US => "RID10326",
        ImagingModality.MG => "RID10357",
        _ => throw new ArgumentOutOfRangeException(nameof(modality)),
    };

    /// <summary>The DICOM defined term of a modality (<c>CT</c>, <c>MR</c>...).</summary>
    public static string DicomTerm(this ImagingModality modality) => modality.ToString();

    /// <summary>The SNOMED CT code of a body part.</summary>
    public static string SnomedCode(this BodyPart part) => part switch
    {
        Contracts.BodyPart.Breast => "76752008",
        Contracts.BodyPart.Chest => "51185008",
        Contracts.BodyPart.Abdomen => "113345001",
        Contracts.BodyPart.Pelvis => "12921003",
        Contracts.BodyPart.Head => "69536005",
        Contracts.BodyPart.Colon => "71854001",
        Contracts.BodyPart.Lung => "39607008",
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    /// <summary>The DICOM Body Part Examined term of a body part (<c>BREAST</c>, <c>CHEST</c>...).</summary>
    public static string DicomTerm(this BodyPart part) => part.ToString().ToUpperInvariant();

    /// <summary>The modality of a RadLex code or DICOM term (any case); null when it is neither.</summary>
    public static ImagingModality? ParseModality(string? text) =>
        Enum.GetValues<ImagingModality>().Cast<ImagingModality?>().FirstOrDefault(m =>
            string.Equals(m!.Value.RadLex(), text?.Replace("RADLEX:", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.Value.DicomTerm(), text, StringComparison.OrdinalIgnoreCase));

    /// <summary>The body part of a SNOMED CT code (optionally <c>SNOMED:</c>-prefixed) or DICOM term (any case); null when it is neither.</summary>
    public static BodyPart? ParseBodyPart(string? text) =>
        Enum.GetValues<BodyPart>().Cast<BodyPart?>().FirstOrDefault(p =>
            p!.Value.SnomedCode() == WithoutPrefix(text, "SNOMED:") || string.Equals(p.Value.DicomTerm(), text, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sex of a SNOMED CT code (optionally prefixed), a FHIR gender or a DICOM sex (<c>F</c>, <c>M</c>); null when none.</summary>
    public static Sex? ParseSex(string? text) => WithoutPrefix(text, "SNOMED:")?.ToLowerInvariant() switch
    {
        "248152002" or "female" or "f" => Contracts.Sex.Female,
        "248153007" or "male" or "m" => Contracts.Sex.Male,
        _ => null,
    };

    /// <summary><paramref name="text"/> without <paramref name="prefix"/> (any case).</summary>
    public static string? WithoutPrefix(string? text, string prefix) =>
        text is not null && text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? text[prefix.Length..] : text;
}
