using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>One time of a risk table: how many were at risk just before <paramref name="Time"/>, and how many had the event or were censored at it (or, on a grid, during the interval ending at it).</summary>
/// <param name="Time">The event time, or the end of the interval on a grid.</param>
/// <param name="AtRisk">Number at risk just before <paramref name="Time"/> (at the start of the interval on a grid).</param>
/// <param name="Events">Number of events at <paramref name="Time"/> (in the interval).</param>
/// <param name="Censored">Number censored at <paramref name="Time"/> (in the interval).</param>
public sealed record RiskRow(double Time, long AtRisk, long Events, long Censored);

/// <summary>
/// The sufficient statistic of Kaplan-Meier and the log-rank test for one stratum: numbers at risk, events
/// and censorings per time. Tables of several sites on the same times add up (<see cref="Sum"/>), so a
/// federated curve is computed by the same code as a local one.
/// </summary>
public sealed class RiskTable : ITabular
{
    private RiskTable(IReadOnlyList<RiskRow> rows) => Rows = rows;

    /// <summary>The rows, in increasing time.</summary>
    public IReadOnlyList<RiskRow> Rows { get; }

    /// <summary>Number of subjects (at risk at the first time), 0 for an empty table.</summary>
    public long N => Rows.Count == 0 ? 0 : Rows[0].AtRisk;

    /// <summary>Total number of events.</summary>
    public long TotalEvents => Rows.Sum(r => r.Events);

    /// <summary>One row per distinct time of the observations (event or censoring), as R's <c>survfit</c>.</summary>
    /// <exception cref="ArgumentException">A time is negative, NaN or infinite (its position is named).</exception>
    public static RiskTable FromObservations(IEnumerable<(double Time, bool Event)> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var list = observations.ToList();
        for (var i = 0; i < list.Count; i++)
            if (!double.IsFinite(list[i].Time) || list[i].Time < 0)
                throw new ArgumentException($"Observation {i}: time {list[i].Time} must be a finite number >= 0.", nameof(observations));
        var rows = new List<RiskRow>();
        long atRisk = list.Count;
        foreach (var group in list.GroupBy(o => o.Time).OrderBy(g => g.Key))
        {
            long events = group.LongCount(o => o.Event), total = group.LongCount();
            rows.Add(new RiskRow(group.Key, atRisk, events, total - events));
            atRisk -= total;
        }
        return new RiskTable(rows);
    }

    /// <summary>A table from given rows, e.g. a site's grid where <see cref="RiskRow.Time"/> is the interval end.</summary>
    /// <exception cref="ArgumentException">Times are not strictly increasing, a count is negative, or more leave than are at risk (the row is named).</exception>
    public static RiskTable FromIntervals(IEnumerable<RiskRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var r = list[i];
            if (!double.IsFinite(r.Time) || (i > 0 && r.Time <= list[i - 1].Time))
                throw new ArgumentException($"Risk table row {i}: time {r.Time} must be finite and greater than the previous row's.", nameof(rows));
            if (r.AtRisk < 0 || r.Events < 0 || r.Censored < 0 || r.Events + r.Censored > r.AtRisk)
                throw new ArgumentException($"Risk table row {i} (time {r.Time}): counts must be >= 0 with events + censored <= at risk, got {r.AtRisk} at risk, {r.Events} events, {r.Censored} censored.", nameof(rows));
        }
        return new RiskTable(list);
    }

    /// <summary>
    /// The table a site node releases: times binned into intervals [k·width, (k+1)·width) from 0, one row per
    /// interval up to the last one used (empty intervals included), each row's time the interval's end.
    /// </summary>
    /// <exception cref="ArgumentException">The width is not positive, or a time is negative, NaN or infinite (its position is named).</exception>
    public static RiskTable OnGrid(IEnumerable<(double Time, bool Event)> observations, double width)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (!(width > 0) || !double.IsFinite(width)) throw new ArgumentException($"The grid width must be a positive number, got {width}.", nameof(width));
        var list = observations.ToList();
        var intervals = new long[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (!double.IsFinite(list[i].Time) || list[i].Time < 0)
                throw new ArgumentException($"Observation {i}: time {list[i].Time} must be a finite number >= 0.", nameof(observations));
            intervals[i] = (long)Math.Floor(list[i].Time / width);
        }
        var last = list.Count == 0 ? -1 : intervals.Max();
        var events = new long[last + 1];
        var leaving = new long[last + 1];
        for (var i = 0; i < list.Count; i++)
        {
            leaving[intervals[i]]++;
            if (list[i].Event) events[intervals[i]]++;
        }
        var rows = new List<RiskRow>();
        long atRisk = list.Count;
        for (var k = 0; k <= last; k++)
        {
            rows.Add(new RiskRow((k + 1) * width, atRisk, events[k], leaving[k] - events[k]));
            atRisk -= leaving[k];
        }
        return new RiskTable(rows);
    }

    /// <summary>
    /// Adds tables given on the same times (e.g. every site's table on the release grid). A table may stop
    /// earlier than the others (a site whose follow-up is shorter): past its last row nobody of it is at risk.
    /// </summary>
    /// <exception cref="ArgumentException">Two tables have different times at the same row (the first difference is named).</exception>
    public static RiskTable Sum(IEnumerable<RiskTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var list = tables.ToList();
        if (list.Count == 0) return new RiskTable([]);
        var longest = list.MaxBy(t => t.Rows.Count)!.Rows;
        for (var t = 0; t < list.Count; t++)
        {
            var rows = list[t].Rows;
            for (var i = 0; i < rows.Count; i++)
                if (rows[i].Time != longest[i].Time)
                    throw new ArgumentException($"Risk table {t} row {i} has time {rows[i].Time} where another table has {longest[i].Time}; tables must share their times to be summed.", nameof(tables));
        }
        RiskRow? Row(RiskTable table, int i) => i < table.Rows.Count ? table.Rows[i] : null;
        return new RiskTable(longest.Select((r, i) => new RiskRow(r.Time,
            list.Sum(t => Row(t, i)?.AtRisk ?? 0), list.Sum(t => Row(t, i)?.Events ?? 0), list.Sum(t => Row(t, i)?.Censored ?? 0))).ToList());
    }

    /// <summary>Number at risk just before <paramref name="time"/>: that of the first row at or after it (0 past the last row).</summary>
    public long AtRiskAt(double time)
    {
        var i = FirstAtOrAfter(time);
        return i < Rows.Count ? Rows[i].AtRisk : 0;
    }

    /// <summary>Number of events at exactly <paramref name="time"/> (0 if no row has that time).</summary>
    public long EventsAt(double time)
    {
        var i = FirstAtOrAfter(time);
        return i < Rows.Count && Rows[i].Time == time ? Rows[i].Events : 0;
    }

    private int FirstAtOrAfter(double time)
    {
        int lo = 0, hi = Rows.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Rows[mid].Time < time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(Rows);

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(Rows);

    /// <summary>The rows as an aligned text table.</summary>
    public override string ToString() => Tabular.ToText($"Risk table: n = {N}, events = {TotalEvents}", Rows);
}
