using Analysis.Contracts;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Disclosure;

/// <summary>
/// The site's disclosure control as the answering services use it: the policy, and in protected mode the cohort
/// ledger of the data folder. One per running node; every service that releases numbers about a cohort shares it, so
/// a cohort answered by one route counts against every other route.
/// </summary>
internal sealed class DisclosureControl : IDisposable
{
    private readonly CohortLedger? _ledger;

    /// <summary>Creates the control; the ledger is opened only in protected mode (exact mode applies thresholds only).</summary>
    /// <param name="policy">The site's policy.</param>
    /// <param name="ledger">The data folder's ledger, or null in exact mode.</param>
    public DisclosureControl(DisclosurePolicy policy, CohortLedger? ledger)
    {
        Policy = policy;
        _ledger = ledger;
    }

    /// <summary>The site's policy.</summary>
    public DisclosurePolicy Policy { get; }

    /// <summary>The data folder's cohort ledger (null in exact mode), shared with the model endpoints.</summary>
    public CohortLedger? Ledger => _ledger;

    /// <summary>Whether the node perturbs, coarsens and keeps the ledger (the default), rather than applying thresholds only.</summary>
    public bool IsProtected => !Policy.IsExact;

    /// <summary>
    /// Admits the cohorts one answer is about to the ledger (protected mode; a no-op in exact mode). A cohort under the
    /// cell threshold is not admitted: nothing about it is released, and storing tiny cohorts would refuse other tiny ones.
    /// </summary>
    /// <exception cref="RequestException">422 naming the minimum-cohort-difference rule.</exception>
    public void Admit(params IReadOnlyList<CohortCell> cohorts)
    {
        if (_ledger is null) return;
        var admitted = cohorts.Where(c => c.Count >= Policy.MinCellCount && !c.Known)
            .Select(c => new CohortLedger.Cohort(c.Key, c.Members, c.What)).ToList();
        if (admitted.Count > 0) _ledger.AdmitAll(admitted);
    }

    /// <summary>
    /// Whether a cohort's members must be read to admit it: not in exact mode, not under the cell threshold (never
    /// stored), and not when the ledger already holds a cohort of this size and key. In that last case the cohort is
    /// the stored one (two different sets of patients share the XOR of their secret 64-bit record keys with probability
    /// 2⁻⁶⁴), and even if it were not, its released count would equal the stored one's to the last digit (the noise is a
    /// function of key and size only), so nothing new could be learnt from it. Reading the members (a list of every
    /// patient's index) is most of a repeated count's cost.
    /// </summary>
    /// <param name="count">Patients in the cohort.</param>
    /// <param name="key">The XOR of their record keys.</param>
    public bool NeedsMembers(long count, ulong key) =>
        _ledger is not null && count >= Policy.MinCellCount && !_ledger.Holds(key, (int)count);

    /// <summary>
    /// Protected mode: an age filter must start and end on the policy's bands (<c>ageMin</c> a multiple of
    /// <see cref="DisclosurePolicy.AgeBandYears"/>, <c>ageMax</c> one less than a multiple, or the largest age), so no
    /// two filters can differ by a single year of age.
    /// </summary>
    /// <param name="ageMin">The lower bound, inclusive.</param>
    /// <param name="ageMax">The upper bound, inclusive.</param>
    /// <param name="minField">The request field of the lower bound, for the error.</param>
    /// <param name="maxField">The request field of the upper bound, for the error.</param>
    /// <exception cref="RequestException">400 naming the field and the allowed step.</exception>
    public void RequireAgeBands(int? ageMin, int? ageMax, string minField, string maxField)
    {
        if (!IsProtected) return;
        var band = Policy.AgeBandYears;
        if (ageMin is { } min && min % band != 0 && min < CohortFilter.MaxAge)
            throw RequestException.Invalid(minField,
                $"ageMin must be a multiple of {band} (this site's age band, in protected mode), such as {min / band * band} or {(min / band + 1) * band}, not {min}");
        if (ageMax is { } max && (max + 1) % band != 0 && max < CohortFilter.MaxAge)
            throw RequestException.Invalid(maxField,
                $"ageMax must be one less than a multiple of {band} (this site's age band, in protected mode), such as {(max + 1) / band * band - 1} or {((max + 1) / band + 1) * band - 1}, or {CohortFilter.MaxAge}, not {max}");
    }

    /// <summary>Checks a cohort filter's continuous bounds against the bands (see <see cref="RequireAgeBands"/>).</summary>
    /// <param name="filter">The filter (null: everyone).</param>
    /// <param name="field">The filter's JSON path.</param>
    public void RequireBands(CohortFilter? filter, string field = "filter")
    {
        if (filter is not null) RequireAgeBands(filter.AgeMin, filter.AgeMax, $"{field}.ageMin", $"{field}.ageMax");
    }

    /// <summary>
    /// The published resolution of a numeric variable: the age band for age, the survival grid for follow-up. In protected
    /// mode no value of the variable is released finer than this (summaries sum coarsened values, histogram bins are
    /// multiples of it).
    /// </summary>
    /// <param name="column">The variable's column.</param>
    /// <returns>The resolution in the variable's unit.</returns>
    public int Resolution(string column) => column == "followup_days" ? Policy.SurvivalGridDays : Policy.AgeBandYears;

    /// <inheritdoc />
    public void Dispose() => _ledger?.Dispose();
}

/// <summary>A set of patients behind one released number: its size, its cell key (XOR of record keys) and its members' audit indexes.</summary>
/// <param name="Count">Patients in the set.</param>
/// <param name="Key">The XOR of their record keys (<see cref="CellKey.Empty"/> when empty).</param>
/// <param name="Members">Their audit indexes (the ledger's bitmap positions); empty when <paramref name="Known"/>.</param>
/// <param name="What">What the set is, for a refusal's message.</param>
/// <param name="Known">The ledger already holds it, or it need not be stored (<see cref="DisclosureControl.NeedsMembers"/>): admitted without its members.</param>
internal sealed record CohortCell(long Count, ulong Key, IReadOnlyCollection<int> Members, string What = "the cohort", bool Known = false);
