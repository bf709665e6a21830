namespace Analysis.Contracts;

/// <summary>Whether a patient variable groups patients (levels) or measures them (numbers).</summary>
public enum VariableKind
{
    /// <summary>Levels: groups, strata, model factors (dummy-coded against the first level).</summary>
    Categorical,

    /// <summary>Numbers: summaries, histograms, model covariates as they are.</summary>
    Numeric,
}

/// <summary>
/// A patient variable every site node knows, by the name it has on the wire (<c>stage_group</c>). Use the typed
/// constants (<c>Variable.StageGroup</c>) in notebooks so a typo fails to compile instead of coming back as a 400 from
/// every node; <see cref="Parse"/> turns a name into one, naming the known variables when it is not one.
/// </summary>
/// <param name="Name">The wire name.</param>
/// <param name="Kind">Categorical or numeric.</param>
/// <param name="Description">What it holds, for documentation and error messages.</param>
public sealed record Variable(string Name, VariableKind Kind, string Description)
{
    /// <summary>The level a missing categorical value is reported under.</summary>
    public const string MissingLevel = "(missing)";

    /// <summary>Administrative sex: <c>female</c>, <c>male</c>.</summary>
    public static Variable Sex { get; } = new("sex", VariableKind.Categorical, "administrative sex (female, male)");

    /// <summary>The primary cancer as its SNOMED CT code.</summary>
    public static Variable Diagnosis { get; } = new("diagnosis", VariableKind.Categorical, "the primary cancer's SNOMED CT code");

    /// <summary>AJCC stage group: I, II, III, IV.</summary>
    public static Variable StageGroup { get; } = new("stage_group", VariableKind.Categorical, "AJCC stage group (I, II, III, IV)");

    /// <summary>AJCC T category.</summary>
    public static Variable T { get; } = new("t", VariableKind.Categorical, "AJCC T category");

    /// <summary>AJCC N category.</summary>
    public static Variable N { get; } = new("n", VariableKind.Categorical, "AJCC N category");

    /// <summary>AJCC M category.</summary>
    public static Variable M { get; } = new("m", VariableKind.Categorical, "AJCC M category");

    /// <summary>Estrogen receptor: positive, negative.</summary>
    public static Variable Er { get; } = new("er", VariableKind.Categorical, "estrogen receptor (positive, negative)");

    /// <summary>Progesterone receptor: positive, negative.</summary>
    public static Variable Pr { get; } = new("pr", VariableKind.Categorical, "progesterone receptor (positive, negative)");

    /// <summary>HER2: positive, negative.</summary>
    public static Variable Her2 { get; } = new("her2", VariableKind.Categorical, "HER2 (positive, negative)");

    /// <summary>KRAS variant: present, absent.</summary>
    public static Variable Kras { get; } = new("kras", VariableKind.Categorical, "KRAS variant (present, absent)");

    /// <summary>EGFR variant: present, absent.</summary>
    public static Variable Egfr { get; } = new("egfr", VariableKind.Categorical, "EGFR variant (present, absent)");

    /// <summary>TP53 variant: present, absent.</summary>
    public static Variable Tp53 { get; } = new("tp53", VariableKind.Categorical, "TP53 variant (present, absent)");

    /// <summary>PIK3CA variant: present, absent.</summary>
    public static Variable Pik3ca { get; } = new("pik3ca", VariableKind.Categorical, "PIK3CA variant (present, absent)");

    /// <summary>Vital status at last contact: 1 died, 0 alive (the survival event).</summary>
    public static Variable Event { get; } = new("event", VariableKind.Categorical, "died (1) or alive at last contact (0)");

    /// <summary>Ten-year age band at diagnosis, e.g. <c>60-69</c>.</summary>
    public static Variable AgeGroup { get; } = new("age_group", VariableKind.Categorical, "ten-year age band at diagnosis (60-69)");

    /// <summary>Age at diagnosis in whole years.</summary>
    public static Variable AgeAtDiagnosis { get; } = new("age_at_diagnosis", VariableKind.Numeric, "age at diagnosis in years");

    /// <summary>Days from diagnosis to death or last contact.</summary>
    public static Variable FollowupDays { get; } = new("followup_days", VariableKind.Numeric, "days from diagnosis to death or last contact");

    /// <summary>Tumour volume in millilitres from the tumour mask of the patient's first CT series (an image feature computed at the site).</summary>
    public static Variable TumourVolume { get; } = new("tumour_volume", VariableKind.Numeric, "tumour volume in mL from the site's CT tumour mask (image feature)");

    /// <summary>Mean CT value (HU) inside the tumour mask of the patient's first CT series (an image feature computed at the site).</summary>
    public static Variable TumourIntensity { get; } = new("tumour_intensity", VariableKind.Numeric, "mean CT value (HU) in the tumour mask (image feature)");

    /// <summary>Every variable, categorical ones first, in the order nodes list them.</summary>
    public static IReadOnlyList<Variable> All { get; } =
    [
        Sex, Diagnosis, StageGroup, T, N, M, Er, Pr, Her2, Kras, Egfr, Tp53, Pik3ca, Event, AgeGroup, AgeAtDiagnosis, FollowupDays,
        TumourVolume, TumourIntensity,
    ];

    /// <summary>The categorical variables.</summary>
    public static IEnumerable<Variable> Categorical => All.Where(v => v.Kind == VariableKind.Categorical);

    /// <summary>The numeric variables.</summary>
    public static IEnumerable<Variable> Numeric => All.Where(v => v.Kind == VariableKind.Numeric);

    /// <summary>The variable called <paramref name="name"/> (exact wire name); null when there is none.</summary>
    public static Variable? Find(string? name) => All.FirstOrDefault(v => v.Name == name);

    /// <summary>The variable called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No variable has that name; the message lists those that do, and a close match.</exception>
    public static Variable Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Find(name) is { } variable) return variable;
        var close = All.FirstOrDefault(v => string.Equals(v.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)
                                            || string.Equals(v.Name.Replace("_", ""), name.Replace("_", "").Trim(), StringComparison.OrdinalIgnoreCase));
        var hint = close is null ? "" : $" (did you mean '{close.Name}'?)";
        throw new ArgumentException($"'{name}' is not a patient variable{hint}; the variables are {string.Join(", ", All.Select(v => v.Name))}", nameof(name));
    }

    /// <summary>The wire name.</summary>
    public override string ToString() => Name;
}
