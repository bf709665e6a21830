using System.Globalization;
using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>One time of a Kaplan-Meier curve (a row of <see cref="SurvivalCurve.ToFrame"/>).</summary>
/// <param name="Stratum">The stratum's name.</param>
/// <param name="Time">The time.</param>
/// <param name="AtRisk">Number at risk just before the time.</param>
/// <param name="Events">Events at the time.</param>
/// <param name="Censored">Censorings at the time.</param>
/// <param name="Survival">Estimated survival just after the time.</param>
/// <param name="StandardError">Greenwood standard error of <paramref name="Survival"/>.</param>
/// <param name="Lower">Lower confidence limit (NaN where undefined, as R's NA).</param>
/// <param name="Upper">Upper confidence limit (NaN where undefined).</param>
public sealed record SurvivalPoint(string Stratum, double Time, long AtRisk, long Events, long Censored,
    double Survival, double StandardError, double Lower, double Upper);

/// <summary>
/// A Kaplan-Meier survival curve of one stratum with Greenwood standard errors and pointwise confidence
/// limits, as R's <c>survfit</c>; the median and its interval as R's <c>print.survfit</c>.
/// </summary>
public sealed class SurvivalCurve : ITabular
{
    private readonly SurvivalPoint[] _points;

    internal SurvivalCurve(string stratum, RiskTable table, SurvivalOptions options)
    {
        Stratum = stratum;
        Options = options;
        var z = options.Z();
        double s = 1, cumulativeVariance = 0;
        _points = new SurvivalPoint[table.Rows.Count];
        for (var i = 0; i < _points.Length; i++)
        {
            var r = table.Rows[i];
            if (r.Events > 0)
            {
                s *= 1 - (double)r.Events / r.AtRisk;
                cumulativeVariance += r.Events < r.AtRisk
                    ? r.Events / ((double)r.AtRisk * (r.AtRisk - r.Events))
                    : double.PositiveInfinity;
            }
            var seLog = Math.Sqrt(cumulativeVariance);
            var (lower, upper) = Limits(s, seLog, z, options.ConfidenceType);
            _points[i] = new SurvivalPoint(stratum, r.Time, r.AtRisk, r.Events, r.Censored, s,
                double.IsInfinity(seLog) ? double.NaN : s * seLog, lower, upper);
        }
        // Columns are materialised once: notebooks index them in loops.
        Times = _points.Select(p => p.Time).ToArray();
        Survival = _points.Select(p => p.Survival).ToArray();
        StandardError = _points.Select(p => p.StandardError).ToArray();
        Lower = _points.Select(p => p.Lower).ToArray();
        Upper = _points.Select(p => p.Upper).ToArray();
        AtRisk = _points.Select(p => p.AtRisk).ToArray();
        Events = _points.Select(p => p.Events).ToArray();
        Censored = _points.Select(p => p.Censored).ToArray();
        N = table.N;
        TotalEvents = table.TotalEvents;
        Median = Quantile(Survival, 0.5);
        MedianLower = Quantile(Lower, 0.5);
        MedianUpper = Quantile(Upper, 0.5);
    }

    /// <summary>The stratum's name ("all" when unstratified).</summary>
    public string Stratum { get; }

    /// <summary>The options the curve was computed with.</summary>
    public SurvivalOptions Options { get; }

    /// <summary>The curve's points, one per time.</summary>
    public IReadOnlyList<SurvivalPoint> Points => _points;

    /// <summary>The times (every event or censoring time, or the grid's interval ends).</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>Survival just after each time.</summary>
    public IReadOnlyList<double> Survival { get; }

    /// <summary>Greenwood standard error of the survival at each time (NaN once every subject at risk has had the event).</summary>
    public IReadOnlyList<double> StandardError { get; }

    /// <summary>Lower confidence limit at each time (NaN where undefined).</summary>
    public IReadOnlyList<double> Lower { get; }

    /// <summary>Upper confidence limit at each time (NaN where undefined).</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>Number at risk just before each time.</summary>
    public IReadOnlyList<long> AtRisk { get; }

    /// <summary>Events at each time.</summary>
    public IReadOnlyList<long> Events { get; }

    /// <summary>Censorings at each time.</summary>
    public IReadOnlyList<long> Censored { get; }

    /// <summary>Number of subjects.</summary>
    public long N { get; }

    /// <summary>Total number of events.</summary>
    public long TotalEvents { get; }

    /// <summary>Median survival time (NaN when the curve never reaches 0.5), as R's <c>print.survfit</c>.</summary>
    public double Median { get; }

    /// <summary>Lower confidence limit of the median (from the lower curve; NaN when not reached).</summary>
    public double MedianLower { get; }

    /// <summary>Upper confidence limit of the median (from the upper curve; NaN when not reached).</summary>
    public double MedianUpper { get; }

    /// <summary>Estimated survival at <paramref name="time"/> (a right-continuous step function: 1 before the first time).</summary>
    public double At(double time)
    {
        var i = LastAtOrBefore(time);
        return i < 0 ? 1 : _points[i].Survival;
    }

    /// <summary>Number at risk at <paramref name="time"/>: those whose time is at or after it (0 past the last time).</summary>
    public long NumberAtRisk(double time)
    {
        var i = LastAtOrBefore(time);
        if (i >= 0 && _points[i].Time == time) return _points[i].AtRisk;
        var next = i + 1;
        return next < _points.Length ? _points[next].AtRisk : 0;
    }

    private int LastAtOrBefore(double time)
    {
        int lo = 0, hi = _points.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_points[mid].Time <= time) lo = mid + 1; else hi = mid;
        }
        return lo - 1;
    }

    private static (double Lower, double Upper) Limits(double s, double seLog, double z, ConfidenceType type)
    {
        if (s == 0 || double.IsInfinity(seLog)) return (double.NaN, double.NaN);
        switch (type)
        {
            case ConfidenceType.Log:
                return (s * Math.Exp(-z * seLog), Math.Min(1, s * Math.Exp(z * seLog)));
            case ConfidenceType.LogLog:
                if (s == 1) return (double.NaN, double.NaN);
                var logS = Math.Log(s);
                return (Math.Exp(-Math.Exp(Math.Log(-logS) - z * seLog / logS)), Math.Exp(-Math.Exp(Math.Log(-logS) + z * seLog / logS)));
            default:
                return (Math.Max(0, s - z * seLog * s), Math.Min(1, s + z * seLog * s));
        }
    }

    // The rule of R's print.survfit (survival:::survmean): the first time the curve is <= p; when it sits
    // exactly at p (within tolerance) and drops below later, the midpoint to the first time it is below.
    private double Quantile(IReadOnlyList<double> curve, double p)
    {
        const double tolerance = 1.4901161193847656e-08; // sqrt(.Machine$double.eps)
        var first = -1;
        for (var i = 0; i < _points.Length && first < 0; i++)
            if (!double.IsNaN(curve[i]) && curve[i] < p + tolerance) first = i;
        if (first < 0) return double.NaN;
        if (Math.Abs(curve[first] - p) >= tolerance) return _points[first].Time;
        for (var i = first + 1; i < _points.Length; i++)
            if (!double.IsNaN(curve[i]) && curve[i] < curve[first]) return (_points[first].Time + _points[i].Time) / 2;
        return _points[first].Time;
    }

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(_points);

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(_points);

    /// <summary>The summary line of R's <c>print.survfit</c> followed by the curve as a table.</summary>
    public override string ToString() =>
        Tabular.ToText(SummaryLine(), _points.Select(p => new { p.Time, AtRisk = p.AtRisk, p.Events, p.Survival, p.StandardError, p.Lower, p.Upper }));

    internal string SummaryLine()
    {
        var level = (Options.ConfidenceLevel * 100).ToString("G3", CultureInfo.InvariantCulture);
        return $"{Stratum}: n = {N}, events = {TotalEvents}, median = {Tabular.Number(Median)} ({level}% CI {Tabular.Number(MedianLower)} to {Tabular.Number(MedianUpper)})";
    }
}
