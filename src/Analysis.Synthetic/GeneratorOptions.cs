namespace Analysis.Synthetic;

/// <summary>Everything that determines a generated cohort: equal options give byte-identical output.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Site name, used in every id. Letters, digits, '-' and '.' (FHIR id characters).</summary>
    public required string Site { get; init; }

    /// <summary>Number of patients.</summary>
    public required int Patients { get; init; }

    /// <summary>Random seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Cancer types to generate (default: all).</summary>
    public IReadOnlyList<CancerType> Cancers { get; init; } = CancerTypes.All;

    /// <summary>Site profile; null derives one from <see cref="Site"/> with <see cref="SiteProfile.ForSite"/>.</summary>
    public SiteProfile? Profile { get; init; }

    /// <summary>First possible diagnosis date.</summary>
    public DateOnly DiagnosisFrom { get; init; } = new(2015, 1, 1);

    /// <summary>Last possible diagnosis date.</summary>
    public DateOnly DiagnosisTo { get; init; } = new(2022, 12, 31);

    /// <summary>Administrative censoring date; null for none (used to test the survival model).</summary>
    public DateOnly? StudyEnd { get; init; } = new(2024, 12, 31);

    /// <summary>
    /// The share of patients (0 to 1) who get staging images in <c>imaging/</c>: a CT series (and an MR series for breast
    /// and some colorectal patients) of 64×64×16 voxels with a tumour mask. 0 (the default) writes no imaging, so the
    /// clinical files are the same with or without it.
    /// </summary>
    public double ImagingShare { get; init; }

    /// <summary>The profile in effect.</summary>
    public SiteProfile EffectiveProfile => Profile ?? SiteProfile.ForSite(Site);

    /// <summary>Longest id FHIR allows.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Throws <see cref="ArgumentException"/> with a user-readable message when the options cannot be generated.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Site) || !Site.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            throw new ArgumentException($"site '{Site}' must be non-empty and use only letters, digits, '-' and '.' (it becomes part of FHIR ids)");
        // The longest id is "{site}-medicationrequest-{n}"; keep the site short enough for all of them.
        if (Site.Length > 32) throw new ArgumentException($"site '{Site}' is longer than 32 characters");
        if (Patients < 1) throw new ArgumentException($"patients must be at least 1 (got {Patients})");
        if (Patients > 99_999_999) throw new ArgumentException("patients must be at most 99,999,999");
        if (!(ImagingShare is >= 0 and <= 1)) throw new ArgumentException($"the imaging share must be between 0 and 1 (got {ImagingShare})");
        if (Cancers.Count == 0) throw new ArgumentException("at least one cancer type is needed");
        if (DiagnosisTo < DiagnosisFrom) throw new ArgumentException("the diagnosis window is empty");
        if (StudyEnd is { } end && end < DiagnosisTo) throw new ArgumentException("the study must end after the last diagnosis");
    }
}
