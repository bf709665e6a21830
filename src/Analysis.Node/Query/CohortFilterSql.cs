using System.Text.RegularExpressions;
using Analysis.Contracts;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Query;

/// <summary>The node's reading of a contract <see cref="CohortFilter"/>: its validation and its SQL over <c>patients</c>.</summary>
internal static partial class CohortFilterSql
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,29}$")]
    private static partial Regex GeneSymbol();

    /// <summary>Validates the filter and turns it into a SQL condition over <c>patients</c> with named parameters.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="field">The filter's JSON path, prefixed to error fields.</param>
    /// <returns>The condition (<c>TRUE</c> when empty) and its parameters.</returns>
    /// <exception cref="RequestException">A member is invalid; names the member.</exception>
    public static SqlCondition ToSql(this CohortFilter filter, string field = "filter")
    {
        var (diagnosis, ageMin, ageMax, sex, stage, biomarkers, mutations) =
            (filter.Diagnosis, filter.AgeMin, filter.AgeMax, filter.Sex, filter.Stage, filter.Biomarkers, filter.Mutations);
        var sql = new SqlCondition();
        if (diagnosis is not null)
        {
            var cancer = CancerTypes.FromCode(diagnosis)
                ?? throw RequestException.Invalid($"{field}.diagnosis",
                    $"unknown diagnosis code '{diagnosis}'; use one of: {string.Join(", ", CancerTypes.All.SelectMany(c => new[] { c.Snomed().Value, c.Icd10().Value }))}");
            sql.Add($"(diagnosis_snomed = {sql.Parameter(cancer.Snomed().Value)} OR diagnosis_icd10 = {sql.Parameter(cancer.Icd10().Value)})");
        }
        if (ageMin is { } min)
        {
            if (min is < 0 or > CohortFilter.MaxAge) throw RequestException.Invalid($"{field}.ageMin", $"ageMin must be between 0 and {CohortFilter.MaxAge}");
            sql.Add($"age_at_diagnosis >= {sql.Parameter(min)}");
        }
        if (ageMax is { } max)
        {
            if (max is < 0 or > CohortFilter.MaxAge) throw RequestException.Invalid($"{field}.ageMax", $"ageMax must be between 0 and {CohortFilter.MaxAge}");
            if (ageMin > max) throw RequestException.Invalid($"{field}.ageMin", "ageMin is greater than ageMax");
            sql.Add($"age_at_diagnosis <= {sql.Parameter(max)}");
        }
        if (sex is not null)
        {
            var lower = sex.ToLowerInvariant();
            if (lower is not ("male" or "female")) throw RequestException.Invalid($"{field}.sex", $"sex must be 'male' or 'female', not '{sex}'");
            sql.Add($"sex = {sql.Parameter(lower)}");
        }
        if (stage is not null)
        {
            if (stage.Count == 0) throw RequestException.Invalid($"{field}.stage", "stage must list at least one stage group");
            for (var i = 0; i < stage.Count; i++)
                if (!Levels.StageGroups.Contains(stage[i]))
                    throw RequestException.Invalid($"{field}.stage[{i}]", $"unknown stage group '{stage[i]}'; use I, II, III or IV");
            sql.Add($"stage_group IN ({string.Join(", ", stage.Select(s => sql.Parameter(s)))})");
        }
        foreach (var (marker, state) in biomarkers ?? new Dictionary<string, string>())
            sql.Add(Biomarker(sql, $"{field}.biomarkers.{marker}", marker, state));
        if (mutations is not null)
        {
            for (var i = 0; i < mutations.Count; i++)
            {
                if (mutations[i] is not { } gene || !GeneSymbol().IsMatch(gene))
                    throw RequestException.Invalid($"{field}.mutations[{i}]", $"'{mutations[i]}' is not a gene symbol");
                sql.Add($"EXISTS (SELECT 1 FROM mutations mu WHERE mu.patient_id = patients.id AND upper(mu.hugo_symbol) = {sql.Parameter(gene.ToUpperInvariant())})");
            }
        }
        return sql;
    }

    private static string Biomarker(SqlCondition sql, string field, string marker, string? state)
    {
        var value = state?.ToLowerInvariant();
        string column;
        if (BiomarkerColumns.Receptor(marker) is { } receptor)
        {
            if (value is not ("positive" or "negative")) throw RequestException.Invalid(field, $"{marker} must be 'positive' or 'negative', not '{state}'");
            column = receptor;
        }
        else if (BiomarkerColumns.Gene(marker) is { } gene)
        {
            if (value is not ("present" or "absent")) throw RequestException.Invalid(field, $"{marker} must be 'present' or 'absent', not '{state}'");
            column = gene;
        }
        else
        {
            throw RequestException.Invalid(field, $"unknown biomarker '{marker}'; use one of: {string.Join(", ", BiomarkerColumns.Names)}");
        }
        return $"{column} = {sql.Parameter(value)}";
    }
}
