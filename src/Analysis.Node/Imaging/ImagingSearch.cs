using System.Text.RegularExpressions;
using Analysis.Contracts;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Imaging;

/// <summary>
/// EUCAIM's federated search over the site's imaging: subjects and studies with a series matching every given category
/// (sex, diagnosis, modality, body part, manufacturer), each released as any other count of this node is.
/// </summary>
/// <remarks>
/// The subjects are a cohort of patients like any other: their count gets the cell-key noise of their record keys and
/// the rounding of protected mode, is suppressed under the cell threshold, and the cohort passes the ledger, so a search
/// cannot be differenced against a count or another search to isolate a few patients. The studies get noise keyed to
/// their secret study keys and are withheld whenever the subjects are.
/// </remarks>
internal sealed partial class ImagingSearch(QueryExecutor executor, DisclosureControl control, IReadOnlyList<string> allowed)
{
    private const int MaxText = 64;

    /// <summary>Refuses (403) an operation the site's processing allowlist does not name.</summary>
    public void Require(string operation)
    {
        if (!allowed.Contains(operation))
            throw new RequestException(403, "operation-not-allowed", "Operation not allowed",
                $"this site's policy does not allow '{operation}' (its processing allowlist is: {(allowed.Count == 0 ? "empty" : string.Join(", ", allowed))})");
    }

    /// <summary>Answers a search.</summary>
    /// <param name="request">The categories.</param>
    /// <param name="prefix">Prefix of the request's field names in errors (e.g. <c>query.filters</c>); empty for the REST form.</param>
    /// <exception cref="RequestException">400 naming a category whose value is not understood; 403 when search is not allowed; 422 from the ledger.</exception>
    public ImagingSearchResult Search(ImagingSearchRequest request, string prefix = "")
    {
        Require(ImagingOperations.Search);
        var condition = Condition(request, prefix);
        var row = executor.Rows(
            "SELECT count(*), coalesce(bit_xor(record_key), 0), list(audit_index) FROM patients p " +
            $"WHERE EXISTS (SELECT 1 FROM imaging_series s WHERE s.patient_id = p.id AND {condition})", condition.Parameters)[0];
        var subjects = new CohortCell(Convert.ToInt64(row[0]), row[1] is null ? CellKey.Empty : Convert.ToUInt64(row[1]), Members(row[2]), "the imaging cohort");
        var studies = executor.Rows(
            "SELECT count(*), coalesce(bit_xor(study_key), 0) FROM (SELECT DISTINCT s.study_uid, s.study_key FROM imaging_series s " +
            $"JOIN patients p ON p.id = s.patient_id WHERE {condition})", condition.Parameters)[0];
        control.Admit(subjects);
        var policy = control.Policy;
        var released = policy.Release(subjects.Count, subjects.Key, CellKind.Count);
        var studyCell = released.IsSuppressed
            ? ReleasedCell.Suppressed(policy.MinCellCount)
            : policy.Release(Convert.ToInt64(studies[0]), studies[1] is null ? CellKey.Empty : Convert.ToUInt64(studies[1]), CellKind.Count);
        return new ImagingSearchResult(released, studyCell);
    }

    /// <summary>The REST GET form: <c>?gender=&amp;diagnosis=&amp;modality=&amp;bodyPart=&amp;manufacturer=</c>; any other parameter is an error.</summary>
    public static ImagingSearchRequest FromQueryString(IQueryCollection query)
    {
        string[] known = ["gender", "diagnosis", "modality", "bodyPart", "manufacturer"];
        foreach (var key in query.Keys)
            if (!known.Contains(key, StringComparer.Ordinal))
                throw RequestException.Invalid(key, $"'{key}' is not a search category; use {string.Join(", ", known)}");
        string? Get(string name) => query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
        return new ImagingSearchRequest
        {
            Gender = Get("gender"), Diagnosis = Get("diagnosis"), Modality = Get("modality"), BodyPart = Get("bodyPart"), Manufacturer = Get("manufacturer"),
        };
    }

    private static SqlCondition Condition(ImagingSearchRequest request, string prefix)
    {
        string Field(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
        var condition = new SqlCondition();
        if (request.Gender is { } gender)
        {
            var sex = Eucaim.ParseSex(gender)
                ?? throw RequestException.Invalid(Field("gender"), $"gender must be SNOMED CT 248152002 (female) or 248153007 (male), or female/male, not '{Clip(gender)}'");
            condition.Add($"p.sex = {condition.Parameter(sex == Sex.Female ? "female" : "male")}");
        }
        if (request.Diagnosis is { } diagnosis)
        {
            var code = Eucaim.WithoutPrefix(diagnosis.Trim(), "SNOMED:")!;
            if (!SnomedCode().IsMatch(code))
                throw RequestException.Invalid(Field("diagnosis"), $"diagnosis must be a SNOMED CT code (digits, e.g. {Snomed.BreastCancer.Value}), not '{Clip(diagnosis)}'");
            condition.Add($"p.diagnosis_snomed = {condition.Parameter(code)}");
        }
        if (request.Modality is { } modality)
        {
            var parsed = Eucaim.ParseModality(modality.Trim())
                ?? throw RequestException.Invalid(Field("modality"),
                    $"modality must be a RadLex code or DICOM term of {string.Join(", ", Enum.GetValues<ImagingModality>().Select(m => $"{m.RadLex()} ({m})"))}, not '{Clip(modality)}'");
            condition.Add($"s.modality = {condition.Parameter(parsed.DicomTerm())}");
        }
        if (request.BodyPart is { } part)
        {
            // A coded part, or any DICOM Body Part Examined term (CS: up to 16 capitals, digits, spaces, underscores).
            var term = Eucaim.ParseBodyPart(part.Trim())?.DicomTerm()
                ?? (DicomTerm().IsMatch(part.Trim()) ? part.Trim().ToUpperInvariant()
                    : throw RequestException.Invalid(Field("bodyPart"),
                        $"bodyPart must be a SNOMED CT code of {string.Join(", ", Enum.GetValues<BodyPart>().Select(b => $"{b.SnomedCode()} ({b.DicomTerm()})"))} or a DICOM Body Part Examined term, not '{Clip(part)}'"));
            condition.Add($"s.body_part = {condition.Parameter(term)}");
        }
        if (request.Manufacturer is { } manufacturer)
        {
            if (manufacturer.Trim().Length is 0 or > MaxText)
                throw RequestException.Invalid(Field("manufacturer"), $"manufacturer must be 1 to {MaxText} characters");
            condition.Add($"lower(s.manufacturer) = lower({condition.Parameter(manufacturer.Trim())})");
        }
        return condition;
    }

    private static string Clip(string text) => text.Length > MaxText ? text[..MaxText] + "…" : text;

    private static int[] Members(object? value) =>
        value is System.Collections.IEnumerable list ? [.. list.Cast<object?>().Select(m => Convert.ToInt32(m))] : [];

    [GeneratedRegex("^[0-9]{6,18}$")]
    private static partial Regex SnomedCode();

    [GeneratedRegex("^[A-Za-z0-9_ ]{1,16}$")]
    private static partial Regex DicomTerm();
}
