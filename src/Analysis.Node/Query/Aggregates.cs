using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Query;

/// <summary>Computes the disclosure-controlled answers over the <c>patients</c> table.</summary>
/// <remarks>
/// <para>Category levels and histogram ranges come from the whole site, not the filtered cohort, so which levels or bins
/// appear says nothing about the cohort; the cohort only changes the (suppressible) counts.</para>
/// <para>Protected mode (docs/privacy.md): every released count is perturbed by the cell-key noise of the patients behind
/// it and rounded; every count of the same patients gets the same noise whichever route asks (a /count, a cross-table
/// cell, a histogram bin, a Beacon count), so asking again or re-phrasing gains nothing. Age filters are banded, sums are
/// of values coarsened to their published resolution, and the cohort ledger refuses a cohort that differs from an
/// answered one by a few patients.</para>
/// </remarks>
internal sealed class Aggregates(QueryExecutor executor, DisclosureControl control)
{
    private DisclosurePolicy Policy => control.Policy;

    /// <summary>
    /// The SQL listing a cell's patients for the cohort ledger: only in protected mode, where the ledger is kept. In exact
    /// mode nothing reads the list, and building and converting one per cell was a large part of a risk table's time.
    /// </summary>
    private string MembersSql => control.IsProtected ? "list(audit_index)" : "NULL::INTEGER[]";

    /// <summary>The node's disclosure control, shared with the other services.</summary>
    public DisclosureControl Control => control;

    /// <summary>Counts the cohort.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The count, suppressed under the threshold; perturbed and rounded in protected mode.</returns>
    public CountResult Count(CountRequest request)
    {
        var cohort = Cohort(request.Filter);
        control.Admit(cohort);
        return new(Policy.Release(cohort.Count, cohort.Key, CellKind.Count));
    }

    /// <summary>The site's size as /info reports it: the whole site is one cohort like any other.</summary>
    public ReleasedCell Patients() => Count(new CountRequest()).Count;

    /// <summary>
    /// The number of patients carrying a variant that matches <paramref name="query"/>, under the cell rule:
    /// carriers rather than variant rows, because a rare variant is what identifies a patient. In protected mode the
    /// carriers are a cohort like any other (the ledger, noise keyed to them, rounding), and a range must stay within one gene.
    /// </summary>
    /// <param name="query">The variant query.</param>
    /// <returns>The carrier count, or suppressed.</returns>
    public ReleasedCell VariantCarriers(VariantQuery query)
    {
        var condition = query.ToCondition(control.IsProtected);
        var carriers = CellOf(
            $"SELECT count(*), coalesce(bit_xor(record_key), 0), {MembersSql} FROM patients " +
            $"WHERE id IN (SELECT patient_id FROM mutations WHERE {condition})", condition, "the carriers of this variant");
        control.Admit(carriers);
        return Policy.Release(carriers.Count, carriers.Key, CellKind.Count);
    }

    /// <summary>Cross-tabulates two categorical variables.</summary>
    /// <param name="request">The request.</param>
    /// <returns>One cell per combination of site levels.</returns>
    public CrosstabResult Crosstab(CrosstabRequest request)
    {
        var rows = Variables.Categorical(request.Rows, "rows");
        var columns = Variables.Categorical(request.Columns, "columns");
        var filter = Filter(request.Filter);
        var rowLevels = Levels(rows);
        var columnLevels = Levels(columns);
        EnsureRowLimit((long)rowLevels.Count * columnLevels.Count);
        var cohort = RequireSubset(request.Filter, filter, "TRUE");
        control.Admit(cohort);
        var counts = executor.Rows(
                $"SELECT {rows}, {columns}, count(*), coalesce(bit_xor(record_key), 0) FROM patients WHERE {filter} GROUP BY ALL", filter.Parameters)
            .ToDictionary(r => ((string)r[0]!, (string)r[1]!), r => (Count: Convert.ToInt64(r[2]), Key: Key(r[3])));
        var table = rowLevels.Select(r => columnLevels.Select(c => counts.GetValueOrDefault((r, c))).ToArray()).ToArray();
        var withheld = SecondarySuppression(table.Select(row => row.Select(c => c.Count).ToArray()).ToArray());
        var cells = new List<CrosstabCell>();
        for (var i = 0; i < rowLevels.Count; i++)
            for (var j = 0; j < columnLevels.Count; j++)
                cells.Add(new CrosstabCell(rowLevels[i], columnLevels[j], withheld[i][j]
                    ? ReleasedCell.Suppressed(Policy.MinCellCount)
                    : Policy.Release(table[i][j].Count, table[i][j].Key, CellKind.Count)));
        return new CrosstabResult(request.Rows!, request.Columns!, cells);
    }

    /// <summary>
    /// Which cells of a table to withhold: those under the cell threshold, then, so that no row or column total (which
    /// /count gives) minus its shown cells rebuilds a withheld one, the smallest shown cell of any row or column that has
    /// exactly one withheld cell, repeated until no row or column has exactly one.
    /// </summary>
    internal bool[][] SecondarySuppression(long[][] counts)
    {
        var withheld = counts.Select(row => row.Select(c => c < Policy.MinCellCount).ToArray()).ToArray();
        int rows = counts.Length, columns = rows == 0 ? 0 : counts[0].Length;
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < rows; i++)
                changed |= WithholdSecond(columns, j => withheld[i][j], j => counts[i][j], j => withheld[i][j] = true);
            for (var j = 0; j < columns; j++)
                changed |= WithholdSecond(rows, i => withheld[i][j], i => counts[i][j], i => withheld[i][j] = true);
        }
        return withheld;
    }

    private static bool WithholdSecond(int length, Func<int, bool> isWithheld, Func<int, long> count, Action<int> withhold)
    {
        if (Enumerable.Range(0, length).Count(isWithheld) != 1) return false;
        var shown = Enumerable.Range(0, length).Where(k => !isWithheld(k)).ToList();
        if (shown.Count == 0) return false;
        withhold(shown.MinBy(count));
        return true;
    }

    /// <summary>The n, sum and sum of squares of a numeric variable.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The statistics; sums withheld when n is suppressed.</returns>
    /// <remarks>
    /// Protected mode: each value is first coarsened to the centre of its band of the published resolution (the age band,
    /// the survival grid): for these whole-number variables the band <c>[a, a + w)</c> holds <c>a … a + w − 1</c>, whose
    /// mean is <c>a + (w − 1) / 2</c>, so the coarsened mean stays unbiased for values spread evenly within bands. The
    /// sums then get cell-key noise of <c>w</c> (and about <c>2·mean·w</c> for the sum of squares), so no difference
    /// of two summaries shows a value finer than its band; n is released as a count of the patients with a value.
    /// </remarks>
    public SummaryResult Summary(SummaryRequest request)
    {
        var (column, _) = Variables.Numeric(request.Variable, "variable");
        var filter = Filter(request.Filter);
        var unit = control.Resolution(column);
        var value = control.IsProtected ? $"(floor({column} / {unit}) * {unit} + {(unit - 1) / 2.0})" : $"CAST({column} AS DOUBLE)";
        var cohort = Cohort(filter);
        var row = executor.Rows(
            $"SELECT count({column}), coalesce(bit_xor(record_key) FILTER (WHERE {column} IS NOT NULL), 0), CAST(sum({value}) AS DOUBLE), " +
            $"CAST(sum({value} * {value}) AS DOUBLE), CAST(min({column}) AS DOUBLE), CAST(max({column}) AS DOUBLE) FROM patients WHERE {filter}",
            filter.Parameters)[0];
        control.Admit(cohort);
        var count = Convert.ToInt64(row[0]);
        var key = Key(row[1]);
        var n = Policy.Release(count, key, CellKind.Count);
        if (n.IsSuppressed) return new SummaryResult(request.Variable!, n, null, null);
        double sum = Convert.ToDouble(row[2]), squares = Convert.ToDouble(row[3]);
        var sumReleased = Policy.ReleaseSum(sum, count, key, CellKind.Sum, unit);
        var squaresReleased = Policy.ReleaseSum(squares, count, key, CellKind.SumOfSquares, unit * Math.Max(1, 2 * Math.Abs(sum) / count));
        if (!Policy.ReleaseMinMax) return new SummaryResult(request.Variable!, n, sumReleased, squaresReleased);
        double min = Convert.ToDouble(row[4]), max = Convert.ToDouble(row[5]);
        // Protected mode: the extremes only as their bands' edges, never finer than the published resolution.
        if (control.IsProtected) (min, max) = (Math.Floor(min / unit) * unit, (Math.Floor(max / unit) + 1) * unit - 1);
        return new SummaryResult(request.Variable!, n, sumReleased, squaresReleased, min, max);
    }

    /// <summary>A histogram of a numeric variable.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Bins over the site's range.</returns>
    public HistogramResult Histogram(HistogramRequest request)
    {
        var (column, defaultWidth) = Variables.Numeric(request.Variable, "variable");
        var unit = control.Resolution(column);
        // Protected mode: bins are whole multiples of the published resolution, starting at 0, so their edges are band
        // edges and no two histograms intersect to a window narrower than one band.
        if (control.IsProtected) defaultWidth = Math.Max(1, (int)Math.Round(defaultWidth / (double)unit)) * unit;
        var width = request.BinWidth ?? defaultWidth;
        // Follow-up bins narrower than the survival grid would release event times more finely than the risk table does.
        var minWidth = column == "followup_days" ? Policy.SurvivalGridDays : 1;
        if (width < minWidth) throw RequestException.Invalid("binWidth", $"binWidth for {request.Variable} must be at least {minWidth}");
        if (control.IsProtected && width % unit != 0)
            throw RequestException.Invalid("binWidth",
                $"binWidth for {request.Variable} must be a multiple of {unit} ({(column == "followup_days" ? "the survival grid" : "the age band")} of this site, in protected mode), such as {Math.Max(1, width / unit) * unit}, not {width}");
        var filter = Filter(request.Filter);
        var bin = $"CAST(floor({column} / {width}) AS BIGINT)";
        var range = executor.Rows($"SELECT min({bin}), max({bin}) FROM patients", [])[0];
        var bins = new List<ReleasedBin>();
        if (range[0] is not null)
        {
            long first = Convert.ToInt64(range[0]), last = Convert.ToInt64(range[1]);
            EnsureRowLimit(last - first + 1);
            var cohort = RequireSubset(request.Filter, filter, $"{column} IS NOT NULL");
            control.Admit(cohort);
            var counts = executor.Rows(
                    $"SELECT {bin}, count(*), coalesce(bit_xor(record_key), 0) FROM patients WHERE {filter} AND {column} IS NOT NULL GROUP BY ALL", filter.Parameters)
                .ToDictionary(r => Convert.ToInt64(r[0]), r => (Count: Convert.ToInt64(r[1]), Key: Key(r[2])));
            for (var b = first; b <= last; b++)
            {
                var (count, key) = counts.GetValueOrDefault(b);
                bins.Add(new ReleasedBin(b * width, (b + 1) * width, Policy.Release(count, key, CellKind.Count)));
            }
        }
        return new HistogramResult(request.Variable!, width, bins);
    }

    /// <summary>Numbers at risk, events and censorings per grid interval, optionally per stratum.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The risk table on the policy's grid.</returns>
    /// <remarks>
    /// A stratum smaller than the minimum subset is withheld whole; when exactly one stratum would be withheld, the
    /// smallest shown one is withheld with it, so the unstratified table minus the shown strata cannot rebuild it. In
    /// protected mode the events and censorings of each interval get the cell-key noise of their own patients, and the
    /// numbers at risk are summed from them; the cohort and every shown stratum pass the ledger.
    /// </remarks>
    public RiskTableResult RiskTable(RiskTableRequest request)
    {
        var stratum = request.Strata is null ? "'all'" : Variables.Categorical(request.Strata, "strata");
        var filter = Filter(request.Filter);
        var width = Policy.SurvivalGridDays;
        var interval = $"CAST(floor(followup_days / {width}) AS BIGINT)";
        const string followed = "followup_days IS NOT NULL AND followup_days >= 0";
        var maxInterval = executor.Scalar($"SELECT coalesce(max({interval}), -1) FROM patients WHERE {followed}", []);
        var strata = request.Strata is null ? ["all"] : Levels(stratum);
        EnsureRowLimit(strata.Count * (maxInterval + 1) * 3);
        var cohort = RequireSubset(request.Filter, filter, followed);
        var tallies = executor.Rows(
                $"SELECT {stratum}, {interval}, coalesce(event, 0) = 1, count(*), coalesce(bit_xor(record_key), 0), {MembersSql} " +
                $"FROM patients WHERE {filter} AND {followed} GROUP BY ALL",
                filter.Parameters)
            .ToDictionary(r => ((string)r[0]!, Convert.ToInt64(r[1]), (bool)r[2]!), r => (Count: Convert.ToInt64(r[3]), Key: Key(r[4]), Members: Members(r[5])));
        var sizes = strata.ToDictionary(s => s, s => tallies.Where(t => t.Key.Item1 == s).Sum(t => t.Value.Count));
        // A stratum too small for a multi-cell answer is withheld whole, so its intervals cannot be told apart; a lone
        // withheld stratum takes the smallest shown one with it (secondary suppression).
        var withheld = strata.Where(s => sizes[s] < Policy.MinSubsetSize).ToHashSet();
        if (withheld.Count == 1 && strata.Count > 1)
            withheld.Add(strata.Where(s => !withheld.Contains(s)).MinBy(s => sizes[s])!);
        var admitted = new List<CohortCell> { cohort };
        if (request.Strata is not null)
            foreach (var level in strata.Where(s => !withheld.Contains(s)))
            {
                var parts = tallies.Where(t => t.Key.Item1 == level).Select(t => t.Value).ToList();
                admitted.Add(new CohortCell(sizes[level], parts.Aggregate(CellKey.Empty, (k, p) => k ^ p.Key),
                    [.. parts.SelectMany(p => p.Members)], $"stratum '{level}'"));
            }
        control.Admit(admitted);
        var result = new List<RiskStratum>();
        foreach (var level in strata)
        {
            if (withheld.Contains(level))
            {
                var hidden = ReleasedCell.Suppressed(Policy.MinSubsetSize);
                result.Add(new RiskStratum(level, [.. Enumerable.Range(0, (int)(maxInterval + 1)).Select(k => new RiskInterval(k * width, (k + 1) * width, hidden, hidden, hidden))]));
                continue;
            }
            var cells = control.IsProtected && !Policy.SuppressRiskTableCells
                ? ProtectedIntervals(level, maxInterval, tallies)
                : ThresholdedIntervals(level, sizes[level], maxInterval, tallies);
            var intervals = cells.Select((c, k) => new RiskInterval(k * (long)width, (k + 1) * (long)width, c.AtRisk, c.Events, c.Censored)).ToList();
            result.Add(new RiskStratum(level, intervals));
        }
        return new RiskTableResult(width, result);
    }

    /// <summary>
    /// Exact mode, or a site that applies the cell rule to every risk-table cell: each interval's numbers at risk, deaths
    /// and censorings released one by one (the cell rule when the site asks for it; noise of their own patients when it
    /// is also protected).
    /// </summary>
    private List<(ReleasedCell AtRisk, ReleasedCell Events, ReleasedCell Censored)> ThresholdedIntervals(string level, long size, long maxInterval,
        Dictionary<(string, long, bool), (long Count, ulong Key, int[] Members)> tallies)
    {
        var atRisk = size;
        // The key of those at risk at interval k is the XOR of everyone leaving at k or later.
        var atRiskKey = tallies.Where(t => t.Key.Item1 == level).Aggregate(CellKey.Empty, (k, t) => k ^ t.Value.Key);
        var cells = new List<(ReleasedCell AtRisk, ReleasedCell Events, ReleasedCell Censored)>();
        for (long k = 0; k <= maxInterval; k++)
        {
            var died = tallies.GetValueOrDefault((level, k, true));
            var censored = tallies.GetValueOrDefault((level, k, false));
            cells.Add((Cell(atRisk, atRiskKey), Cell(died.Count, died.Key), Cell(censored.Count, censored.Key)));
            atRisk -= died.Count + censored.Count;
            atRiskKey ^= died.Key ^ censored.Key;
        }
        return cells;

        // Every risk-table number is a count of patients, so it gets the noise of a count of those patients.
        ReleasedCell Cell(long count, ulong key) =>
            Policy.SuppressRiskTableCells ? Policy.Release(count, key, CellKind.Count, round: false) : Policy.ReleaseOnGrid(count, key, CellKind.Count);
    }

    /// <summary>
    /// Protected mode (the default): a stratum's intervals from perturbed <em>cumulative</em> counts, cut where few remain.
    /// </summary>
    /// <remarks>
    /// <para>The released numbers are the deaths (and, apart, the censorings) <em>up to the end</em> of each interval, each
    /// a count of its own patients with the cell-key noise of those patients (never below 0, and never below the
    /// previous interval's, as a cumulative count cannot fall); an interval's deaths are the difference of two of them.
    /// An interval in which nobody died selects the same patients as the one before, so it gets the same noise and
    /// releases 0 deaths. Differencing two intervals gives a death count with the noise of two independent cells, as
    /// much as releasing the intervals one by one gave. What changes is the error of a Kaplan-Meier curve: per-interval
    /// noise adds up along the curve as a random walk (its SD grows with the square root of the intervals passed), while
    /// the cumulative counts stay within the noise bound of the truth at every time, so the curve's error at time t is
    /// about that bound over the number at risk at t, wherever t is.</para>
    /// <para>The numbers at risk are the sums of the released deaths and censorings from each interval on, so the table
    /// stays consistent and adds nothing to what its cells say. From the first interval whose released number at risk
    /// is under <see cref="DisclosurePolicy.RiskTableMinAtRisk"/>, every cell is withheld: with a handful of patients
    /// left, ±noise on a death moves the curve's tail further than its estimate says. The cut depends on released
    /// numbers only, so it says nothing new.</para>
    /// </remarks>
    private List<(ReleasedCell AtRisk, ReleasedCell Events, ReleasedCell Censored)> ProtectedIntervals(string level, long maxInterval,
        Dictionary<(string, long, bool), (long Count, ulong Key, int[] Members)> tallies)
    {
        var events = Increments(true);
        var censored = Increments(false);
        var cells = new List<(ReleasedCell AtRisk, ReleasedCell Events, ReleasedCell Censored)>();
        long released = events.Sum() + censored.Sum();
        var cut = false;
        for (var k = 0; k <= maxInterval; k++)
        {
            cut |= released < Policy.RiskTableMinAtRisk;
            if (cut)
            {
                var hidden = ReleasedCell.Suppressed(Policy.RiskTableMinAtRisk);
                cells.Add((hidden, hidden, hidden));
                continue;
            }
            cells.Add((ReleasedCell.Shown(released), ReleasedCell.Shown(events[k]), ReleasedCell.Shown(censored[k])));
            released -= events[k] + censored[k];
        }
        return cells;

        long[] Increments(bool died)
        {
            var increments = new long[maxInterval + 1];
            long count = 0, previous = 0;
            var key = CellKey.Empty;
            for (long k = 0; k <= maxInterval; k++)
            {
                var (n, cellKey, _) = tallies.GetValueOrDefault((level, k, died));
                count += n;
                key ^= cellKey;
                // The same patients, so the same noise, as a /count of them: routes stay consistent.
                var cumulative = Math.Max(previous, Policy.ReleaseOnGrid(count, key, CellKind.Count).ValueOrZero);
                increments[k] = cumulative - previous;
                previous = cumulative;
            }
            return increments;
        }
    }

    /// <summary>Patient rows of an open dataset.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Up to the limit of rows, ordered by id.</returns>
    public RecordsResult Records(RecordsRequest request)
    {
        var limit = request.Limit ?? Policy.MaxResultRows;
        if (limit < 1 || limit > Policy.MaxResultRows) throw RequestException.Invalid("limit", $"limit must be between 1 and {Policy.MaxResultRows}");
        // Rows of an open dataset are released as they are, so their filter needs no bands.
        var filter = (request.Filter ?? new CohortFilter()).ToSql();
        // Explicit columns: the record key and audit index that disclosure control adds must never leave, even here.
        var names = executor.Rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'patients' ORDER BY ordinal_position", [])
            .Select(r => (string)r[0]!).Where(n => !Ingest.SiteIngestor.ProtectedColumns.Contains(n)).ToArray();
        var rows = executor.Rows($"SELECT {string.Join(", ", names.Select(n => $"\"{n}\""))} FROM patients WHERE {filter} ORDER BY id LIMIT {limit}", filter.Parameters);
        return new RecordsResult(rows.Select(r => (IReadOnlyDictionary<string, object?>)names.Select((n, i) => (n, v: Plain(r[i])))
            .ToDictionary(x => x.n, x => x.v)).ToList());
    }

    private static object? Plain(object? value) => value switch
    {
        DateTime d => DateOnly.FromDateTime(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    private SqlCondition Filter(CohortFilter? filter, string field = "filter")
    {
        // Validated first, so a malformed bound gets its own message before the band rule.
        var sql = (filter ?? new CohortFilter()).ToSql(field);
        control.RequireBands(filter, field);
        return sql;
    }

    /// <summary>The cohort of a filter as a cell: size, key and, when the ledger needs them, members.</summary>
    private CohortCell Cohort(CohortFilter? filter) => Cohort(Filter(filter));

    /// <summary>
    /// Size and key first; the members (a list of every patient's index, most of a count's cost) only when the ledger
    /// has not seen the cohort (<see cref="DisclosureControl.NeedsMembers"/>).
    /// </summary>
    private CohortCell Cohort(SqlCondition sql)
    {
        var row = executor.Rows($"SELECT count(*), coalesce(bit_xor(record_key), 0) FROM patients WHERE {sql}", sql.Parameters)[0];
        var (count, key) = (Convert.ToInt64(row[0]), Key(row[1]));
        return control.NeedsMembers(count, key)
            ? CellOf($"SELECT count(*), coalesce(bit_xor(record_key), 0), {MembersSql} FROM patients WHERE {sql}", sql)
            : new CohortCell(count, key, [], Known: true);
    }

    /// <summary>Runs a query answering (count, bit_xor of record keys, list of audit indexes).</summary>
    private CohortCell CellOf(string sql, SqlCondition condition, string what = "the cohort")
    {
        var row = executor.Rows(sql, condition.Parameters)[0];
        return new CohortCell(Convert.ToInt64(row[0]), Key(row[1]), Members(row[2]), what);
    }

    private static ulong Key(object? value) => value is null ? CellKey.Empty : Convert.ToUInt64(value);

    private static int[] Members(object? value) => value switch
    {
        List<int> ints => [.. ints],
        System.Collections.IEnumerable list => [.. list.Cast<object?>().Select(m => Convert.ToInt32(m))],
        _ => [],
    };

    /// <summary>Refuses a multi-cell answer over fewer than the minimum subset; returns the filter's cohort (for the ledger).</summary>
    private CohortCell RequireSubset(CohortFilter? request, SqlCondition filter, string extra)
    {
        var size = executor.Scalar($"SELECT count(*) FROM patients WHERE {filter} AND {extra}", filter.Parameters);
        if (size < Policy.MinSubsetSize)
            throw RequestException.Refused($"the cohort has fewer than {Policy.MinSubsetSize} patients (the minimum subset size for a multi-cell result)");
        return Cohort(request);
    }

    private void EnsureRowLimit(long rows)
    {
        if (rows > Policy.MaxResultRows)
            throw new RequestException(422, "result-too-large", "Result too large", $"the answer would have {rows} rows; the limit is {Policy.MaxResultRows}");
    }

    private List<string> Levels(string expression) =>
        executor.Rows($"SELECT DISTINCT {expression} AS level FROM patients ORDER BY level", []).Select(r => (string)r[0]!).ToList();
}
