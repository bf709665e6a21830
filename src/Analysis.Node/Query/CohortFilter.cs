using System.Text.RegularExpressions;

namespace Analysis.Node.Query;

/// <summary>Which patients a query is about. Every member is optional; all given members must hold.</summary>
public sealed partial record CohortFilter
{
    /// <summary>The primary cancer, as a SNOMED CT or ICD-10 code.</summary>
    public string? Diagnosis { get; init; }

    /// <summary>Lowest age at diagnosis, inclusive.</summary>
    public int? AgeMin { get; init; }

    /// <summary>Highest age at diagnosis, inclusive.</summary>
    public int? AgeMax { get; init; }

    /// <summary><c>male</c> or <c>female</c>.</summary>
    public string? Sex { get; init; }

    /// <summary>Stage groups, any of which matches (I, II, III, IV).</summary>
    public IReadOnlyList<string>? Stage { get; init; }

    /// <summary>Biomarker states that must all hold: ER/PR/HER2 positive|negative, KRAS/EGFR/TP53/PIK3CA present|absent.</summary>
    public IReadOnlyDictionary<string, string>? Biomarkers { get; init; }

    /// <summary>Genes that must each carry at least one variant in the MAF.</summary>
    public IReadOnlyList<string>? Mutations { get; init; }

    /// <summary>The largest age accepted; anything above is a typo, not a patient.</summary>
    public const int MaxAge = 150;

    private static readonly string[] StageGroups = ["I", "II", "III", "IV"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$")]
    private static partial Regex GeneSymbol();

    /// <summary>Validates the filter and turns it into a SQL condition over <c>patients</c> with named parameters.</summary>
    /// <param name="field">The filter's JSON path, prefixed to error fields.</param>
    /// <returns>The condition (<c>TRUE</c> when empty) and its parameters.</returns>
    /// <exception cref="RequestException">A member is invalid; names the member.</exception>
    public SqlCondition ToSql(string field = "filter")
    {
        var sql = new SqlCondition();
        if (Diagnosis is not null)
        {
            var cancer = Vocabulary.Cancer(Diagnosis)
                ?? throw RequestException.Invalid($"{field}.diagnosis",
                    $"unknown diagnosis code '{Diagnosis}'; use one of: {string.Join(", ", Vocabulary.Cancers.SelectMany(c => new[] { c.Snomed, c.Icd10 }))}");
            sql.Add($"(diagnosis_snomed = {sql.Parameter(cancer.Snomed)} OR diagnosis_icd10 = {sql.Parameter(cancer.Icd10)})");
        }
        if (AgeMin is { } min)
        {
            if (min is < 0 or > MaxAge) throw RequestException.Invalid($"{field}.ageMin", $"ageMin must be between 0 and {MaxAge}");
            sql.Add($"age_at_diagnosis >= {sql.Parameter(min)}");
        }
        if (AgeMax is { } max)
        {
            if (max is < 0 or > MaxAge) throw RequestException.Invalid($"{field}.ageMax", $"ageMax must be between 0 and {MaxAge}");
            if (AgeMin > max) throw RequestException.Invalid($"{field}.ageMin", "ageMin is greater than ageMax");
            sql.Add($"age_at_diagnosis <= {sql.Parameter(max)}");
        }
        if (Sex is not null)
        {
            var sex = Sex.ToLowerInvariant();
            if (sex is not ("male" or "female")) throw RequestException.Invalid($"{field}.sex", $"sex must be 'male' or 'female', not '{Sex}'");
            sql.Add($"sex = {sql.Parameter(sex)}");
        }
        if (Stage is not null)
        {
            if (Stage.Count == 0) throw RequestException.Invalid($"{field}.stage", "stage must list at least one stage group");
            for (var i = 0; i < Stage.Count; i++)
                if (!StageGroups.Contains(Stage[i]))
                    throw RequestException.Invalid($"{field}.stage[{i}]", $"unknown stage group '{Stage[i]}'; use I, II, III or IV");
            sql.Add($"stage_group IN ({string.Join(", ", Stage.Select(s => sql.Parameter(s)))})");
        }
        foreach (var (marker, state) in Biomarkers ?? new Dictionary<string, string>())
            sql.Add(Biomarker(sql, $"{field}.biomarkers.{marker}", marker, state));
        if (Mutations is not null)
        {
            for (var i = 0; i < Mutations.Count; i++)
            {
                if (Mutations[i] is not { } gene || !GeneSymbol().IsMatch(gene))
                    throw RequestException.Invalid($"{field}.mutations[{i}]", $"'{Mutations[i]}' is not a gene symbol");
                sql.Add($"EXISTS (SELECT 1 FROM mutations mu WHERE mu.patient_id = patients.id AND upper(mu.hugo_symbol) = {sql.Parameter(gene.ToUpperInvariant())})");
            }
        }
        return sql;
    }

    private static string Biomarker(SqlCondition sql, string field, string marker, string? state)
    {
        var value = state?.ToLowerInvariant();
        if (Vocabulary.Receptors.TryGetValue(marker, out var column))
        {
            if (value is not ("positive" or "negative")) throw RequestException.Invalid(field, $"{marker} must be 'positive' or 'negative', not '{state}'");
        }
        else if (Vocabulary.Genes.TryGetValue(marker, out column))
        {
            if (value is not ("present" or "absent")) throw RequestException.Invalid(field, $"{marker} must be 'present' or 'absent', not '{state}'");
        }
        else
        {
            throw RequestException.Invalid(field,
                $"unknown biomarker '{marker}'; use one of: {string.Join(", ", Vocabulary.Receptors.Keys.Concat(Vocabulary.Genes.Keys))}");
        }
        return $"{column} = {sql.Parameter(value)}";
    }
}
