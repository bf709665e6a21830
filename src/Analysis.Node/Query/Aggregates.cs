using Analysis.Contracts;
using Analysis.Contracts.Beacon;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Query;

/// <summary>Computes the disclosure-controlled answers over the <c>patients</c> table.</summary>
/// <remarks>
/// Category levels and histogram ranges come from the whole site, not the filtered cohort, so which levels or bins
/// appear says nothing about the cohort; the cohort only changes the (suppressible) counts.
/// </remarks>
internal sealed class Aggregates(QueryExecutor executor, DisclosurePolicy policy)
{
    /// <summary>Counts the cohort.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The count, suppressed under the threshold.</returns>
    public CountResult Count(CountRequest request) => new(policy.Count(CohortSize(Filter(request.Filter))));

    /// <summary>
    /// The number of patients carrying a variant that matches <paramref name="query"/>, under the cell rule:
    /// carriers rather than variant rows, because a rare variant is what identifies a patient.
    /// </summary>
    /// <param name="query">The variant query.</param>
    /// <returns>The carrier count, or suppressed.</returns>
    public ReleasedCell VariantCarriers(VariantQuery query)
    {
        var condition = query.ToCondition();
        return policy.Count(executor.Scalar($"SELECT count(DISTINCT patient_id) FROM mutations WHERE {condition}", condition.Parameters));
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
        RequireSubset(filter, "TRUE");
        var counts = executor.Rows($"SELECT {rows}, {columns}, count(*) FROM patients WHERE {filter} GROUP BY ALL", filter.Parameters)
            .ToDictionary(r => ((string)r[0]!, (string)r[1]!), r => Convert.ToInt64(r[2]));
        var cells = (from r in rowLevels
                     from c in columnLevels
                     select new CrosstabCell(r, c, policy.Count(counts.GetValueOrDefault((r, c))))).ToList();
        return new CrosstabResult(request.Rows!, request.Columns!, cells);
    }

    /// <summary>The n, sum and sum of squares of a numeric variable.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The statistics; sums withheld when n is suppressed.</returns>
    public SummaryResult Summary(SummaryRequest request)
    {
        var (column, _) = Variables.Numeric(request.Variable, "variable");
        var filter = Filter(request.Filter);
        var row = executor.Rows(
            $"SELECT count({column}), CAST(sum({column}) AS DOUBLE), CAST(sum(CAST({column} AS DOUBLE) * {column}) AS DOUBLE), " +
            $"CAST(min({column}) AS DOUBLE), CAST(max({column}) AS DOUBLE) FROM patients WHERE {filter}",
            filter.Parameters)[0];
        var n = policy.Count(Convert.ToInt64(row[0]));
        return n.IsSuppressed
            ? new SummaryResult(request.Variable!, n, null, null)
            : policy.ReleaseMinMax
                ? new SummaryResult(request.Variable!, n, Convert.ToDouble(row[1]), Convert.ToDouble(row[2]), Convert.ToDouble(row[3]), Convert.ToDouble(row[4]))
                : new SummaryResult(request.Variable!, n, Convert.ToDouble(row[1]), Convert.ToDouble(row[2]));
    }

    /// <summary>A histogram of a numeric variable.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Bins over the site's range.</returns>
    public HistogramResult Histogram(HistogramRequest request)
    {
        var (column, defaultWidth) = Variables.Numeric(request.Variable, "variable");
        var width = request.BinWidth ?? defaultWidth;
        // Follow-up bins narrower than the survival grid would release event times more finely than the risk table does.
        var minWidth = column == "followup_days" ? policy.SurvivalGridDays : 1;
        if (width < minWidth) throw RequestException.Invalid("binWidth", $"binWidth for {request.Variable} must be at least {minWidth}");
        var filter = Filter(request.Filter);
        var bin = $"CAST(floor({column} / {width}) AS BIGINT)";
        var range = executor.Rows($"SELECT min({bin}), max({bin}) FROM patients", [])[0];
        var bins = new List<ReleasedBin>();
        if (range[0] is not null)
        {
            long first = Convert.ToInt64(range[0]), last = Convert.ToInt64(range[1]);
            EnsureRowLimit(last - first + 1);
            RequireSubset(filter, $"{column} IS NOT NULL");
            var counts = executor.Rows($"SELECT {bin}, count(*) FROM patients WHERE {filter} AND {column} IS NOT NULL GROUP BY ALL", filter.Parameters)
                .ToDictionary(r => Convert.ToInt64(r[0]), r => Convert.ToInt64(r[1]));
            for (var b = first; b <= last; b++) bins.Add(new ReleasedBin(b * width, (b + 1) * width, policy.Count(counts.GetValueOrDefault(b))));
        }
        return new HistogramResult(request.Variable!, width, bins);
    }

    /// <summary>Numbers at risk, events and censorings per grid interval, optionally per stratum.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The risk table on the policy's grid.</returns>
    public RiskTableResult RiskTable(RiskTableRequest request)
    {
        var stratum = request.Strata is null ? "'all'" : Variables.Categorical(request.Strata, "strata");
        var filter = Filter(request.Filter);
        var width = policy.SurvivalGridDays;
        var interval = $"CAST(floor(followup_days / {width}) AS BIGINT)";
        const string followed = "followup_days IS NOT NULL AND followup_days >= 0";
        var maxInterval = executor.Scalar($"SELECT coalesce(max({interval}), -1) FROM patients WHERE {followed}", []);
        var strata = request.Strata is null ? ["all"] : Levels(stratum);
        EnsureRowLimit(strata.Count * (maxInterval + 1) * 3);
        RequireSubset(filter, followed);
        var tallies = executor.Rows(
                $"SELECT {stratum}, {interval}, CAST(sum(event) AS BIGINT), count(*) FROM patients WHERE {filter} AND {followed} GROUP BY ALL",
                filter.Parameters)
            .ToDictionary(r => ((string)r[0]!, Convert.ToInt64(r[1])), r => (Events: Convert.ToInt64(r[2]), Leaving: Convert.ToInt64(r[3])));
        var result = new List<RiskStratum>();
        foreach (var level in strata)
        {
            var atRisk = tallies.Where(t => t.Key.Item1 == level).Sum(t => t.Value.Leaving);
            // A stratum too small for a multi-cell answer is withheld whole, so its intervals cannot be told apart.
            Func<long, ReleasedCell> release = atRisk < policy.MinSubsetSize
                ? _ => ReleasedCell.Suppressed(policy.MinSubsetSize)
                : policy.SuppressRiskTableCells ? policy.Count : ReleasedCell.Shown;
            var intervals = new List<RiskInterval>();
            for (long k = 0; k <= maxInterval; k++)
            {
                var (events, leaving) = tallies.GetValueOrDefault((level, k));
                intervals.Add(new RiskInterval(k * width, (k + 1) * width, release(atRisk), release(events), release(leaving - events)));
                atRisk -= leaving;
            }
            result.Add(new RiskStratum(level, intervals));
        }
        return new RiskTableResult(width, result);
    }

    /// <summary>Patient rows of an open dataset.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Up to the limit of rows, ordered by id.</returns>
    public RecordsResult Records(RecordsRequest request)
    {
        var limit = request.Limit ?? policy.MaxResultRows;
        if (limit < 1 || limit > policy.MaxResultRows) throw RequestException.Invalid("limit", $"limit must be between 1 and {policy.MaxResultRows}");
        var filter = Filter(request.Filter);
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

    private static SqlCondition Filter(CohortFilter? filter) => (filter ?? new CohortFilter()).ToSql();

    private long CohortSize(SqlCondition filter) => executor.Scalar($"SELECT count(*) FROM patients WHERE {filter}", filter.Parameters);

    private void RequireSubset(SqlCondition filter, string extra)
    {
        var size = executor.Scalar($"SELECT count(*) FROM patients WHERE {filter} AND {extra}", filter.Parameters);
        if (size < policy.MinSubsetSize)
            throw RequestException.Refused($"the cohort has fewer than {policy.MinSubsetSize} patients (the minimum subset size for a multi-cell result)");
    }

    private void EnsureRowLimit(long rows)
    {
        if (rows > policy.MaxResultRows)
            throw new RequestException(422, "result-too-large", "Result too large", $"the answer would have {rows} rows; the limit is {policy.MaxResultRows}");
    }

    private List<string> Levels(string expression) =>
        executor.Rows($"SELECT DISTINCT {expression} AS level FROM patients ORDER BY level", []).Select(r => (string)r[0]!).ToList();
}
