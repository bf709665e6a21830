using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Kaplan-Meier curves and log-rank tests, from risk tables (local or summed over sites) or straight from rows.
/// <code>
/// var km = Survival.KaplanMeier(lung, time: "time", status: "status", strata: "sex");
/// km["1"].Median   // 270, as R's survfit
/// km.LogRank       // as R's survdiff
/// </code>
/// </summary>
public static class Survival
{
    /// <summary>The Kaplan-Meier curve of one stratum from its risk table.</summary>
    public static SurvivalCurve KaplanMeier(RiskTable table, string stratum = "all", SurvivalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new SurvivalCurve(stratum, table, options ?? SurvivalOptions.Default);
    }

    /// <summary>Curves per stratum from their risk tables, with the log-rank test when there is more than one.</summary>
    /// <exception cref="ArgumentException">No strata are given.</exception>
    public static KaplanMeierResult KaplanMeier(IReadOnlyDictionary<string, RiskTable> strata, SurvivalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(strata);
        if (strata.Count == 0) throw new ArgumentException("No strata: at least one risk table is needed.", nameof(strata));
        var curves = strata.Select(s => KaplanMeier(s.Value, s.Key, options)).ToArray();
        return new KaplanMeierResult(curves, strata.Count > 1 ? new LogRankTest(strata) : null);
    }

    /// <summary>The Kaplan-Meier curve of (time, event) observations.</summary>
    public static SurvivalCurve KaplanMeier(IEnumerable<(double Time, bool Event)> observations, SurvivalOptions? options = null) =>
        KaplanMeier(RiskTable.FromObservations(observations), "all", options);

    /// <summary>Curves from a frame's columns (complete cases), one per level of <paramref name="strata"/> when given.</summary>
    /// <param name="frame">The rows.</param>
    /// <param name="time">Follow-up time column (numeric, >= 0).</param>
    /// <param name="status">Event status column: 0/1, 1/2 (2 = event, as R's lung) or boolean.</param>
    /// <param name="strata">Optional column whose levels get a curve each (and a log-rank test).</param>
    /// <param name="options">Confidence level and type.</param>
    public static KaplanMeierResult KaplanMeier<TRow>(Frame<TRow, string> frame, string time, string status, string? strata = null, SurvivalOptions? options = null)
        where TRow : notnull => KaplanMeier(ColumnSource.From(frame), time, status, strata, options);

    /// <summary>Curves from a record batch's columns (complete cases), one per level of <paramref name="strata"/> when given.</summary>
    /// <inheritdoc cref="KaplanMeier{TRow}(Frame{TRow, string}, string, string, string?, SurvivalOptions?)"/>
    public static KaplanMeierResult KaplanMeier(RecordBatch batch, string time, string status, string? strata = null, SurvivalOptions? options = null) =>
        KaplanMeier(ColumnSource.From(batch), time, status, strata, options);

    /// <summary>Curves from a table's columns (complete cases), one per level of <paramref name="strata"/> when given.</summary>
    /// <inheritdoc cref="KaplanMeier{TRow}(Frame{TRow, string}, string, string, string?, SurvivalOptions?)"/>
    public static KaplanMeierResult KaplanMeier(ColumnSource table, string time, string status, string? strata = null, SurvivalOptions? options = null) =>
        KaplanMeier(RiskTables(table, time, status, strata), options);

    /// <summary>The log-rank test between groups given by their risk tables (R's <c>survdiff</c>).</summary>
    /// <exception cref="ArgumentException">Fewer than two groups.</exception>
    public static LogRankTest LogRank(IReadOnlyDictionary<string, RiskTable> groups) => new(groups);

    /// <summary>The log-rank test between the levels of <paramref name="groups"/> in a frame (complete cases).</summary>
    /// <param name="frame">The rows.</param>
    /// <param name="time">Follow-up time column.</param>
    /// <param name="status">Event status column: 0/1, 1/2 (2 = event) or boolean.</param>
    /// <param name="groups">The column whose levels are compared.</param>
    public static LogRankTest LogRank<TRow>(Frame<TRow, string> frame, string time, string status, string groups) where TRow : notnull =>
        LogRank(ColumnSource.From(frame), time, status, groups);

    /// <summary>The log-rank test between the levels of <paramref name="groups"/> in a record batch (complete cases).</summary>
    /// <inheritdoc cref="LogRank{TRow}(Frame{TRow, string}, string, string, string)"/>
    public static LogRankTest LogRank(RecordBatch batch, string time, string status, string groups) =>
        LogRank(ColumnSource.From(batch), time, status, groups);

    /// <summary>The log-rank test between the levels of <paramref name="groups"/> in a table (complete cases).</summary>
    /// <inheritdoc cref="LogRank{TRow}(Frame{TRow, string}, string, string, string)"/>
    public static LogRankTest LogRank(ColumnSource table, string time, string status, string groups) =>
        LogRank(RiskTables(table, time, status, groups));

    /// <summary>
    /// One risk table per level of <paramref name="strata"/> (a single "all" table without), from the rows
    /// with time, status and stratum present: what a site would release for a federated curve.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or mistyped, a time is negative, or no complete rows remain.</exception>
    public static IReadOnlyDictionary<string, RiskTable> RiskTables(ColumnSource table, string time, string status, string? strata = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var times = table.Numeric(time);
        var events = table.Status(status);
        var groups = strata is null ? null : table.Text(strata);
        var rows = Enumerable.Range(0, table.RowCount)
            .Where(i => times[i] is not null && events[i] is not null && (groups is null || groups[i] is not null)).ToArray();
        if (rows.Length == 0)
            throw new ArgumentException($"No complete rows: every row of the {table.Source} lacks '{time}', '{status}'{(strata is null ? "" : $" or '{strata}'")}.", nameof(table));
        foreach (var i in rows)
            if (times[i] < 0 || !double.IsFinite(times[i]!.Value))
                throw new ArgumentException($"Column '{time}' row {i}: time {times[i]} must be a finite number >= 0.", time);
        var levels = strata is null ? ["all"] : table.Levels(strata).Where(l => rows.Any(i => groups![i] == l)).ToArray();
        var result = new Dictionary<string, RiskTable>(StringComparer.Ordinal);
        foreach (var level in levels)
        {
            var members = groups is null ? rows : rows.Where(i => groups[i] == level);
            result[level] = RiskTable.FromObservations(members.Select(i => (times[i]!.Value, events[i]!.Value)));
        }
        return result;
    }
}
