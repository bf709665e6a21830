using System.Globalization;
using System.Text.Json;

namespace Analysis.Stats.Tests;

/// <summary>Small curves whose edge cases R's survfit settles: S reaching 0, S exactly 0.5 on a flat stretch or at the end, ties.</summary>
public sealed class CurveEdgeTests
{
    public static TheoryData<string, double[], int[]> Cases => new()
    {
        // The last subject at risk dies: S = 0, its standard error and limits are NA.
        { "reaches zero", [1, 2, 2, 3, 5, 8], [1, 1, 0, 1, 0, 1] },
        // S = 0.5 from t = 2 to the next event at t = 4: the median is the midpoint, 3.
        { "flat at one half", [1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 0] },
        // S = 0.5 at the last time: the median is halfway to the last time.
        { "one half at the end", [1, 2, 3, 4], [1, 1, 0, 0] },
        // Never below 0.5: no median.
        { "no median", [1, 2, 3, 4, 5], [1, 0, 0, 0, 0] },
        // Ties of events and censorings at the same time.
        { "ties", [2, 2, 2, 3, 3, 7, 7, 7, 9, 11, 11, 12], [1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1] },
    };

    private static string Vector(IEnumerable<double> xs) => "c(" + string.Join(",", xs.Select(x => x.ToString(CultureInfo.InvariantCulture))) + ")";

    // One R run for every case: R starts slowly on a loaded machine.
    private static readonly Lazy<JsonElement> R = new(() => RScript.Run(
        "curve <- function(t, s) { fit <- survfit(Surv(t, s) ~ 1); tb <- summary(fit)$table\n" +
        "  list(time = fit$time, surv = fit$surv, se = fit$std.err * fit$surv, lower = fit$lower, upper = fit$upper,\n" +
        "       median = unname(tb[\"median\"]), mlower = unname(tb[\"0.95LCL\"]), mupper = unname(tb[\"0.95UCL\"])) }\n" +
        "emit(list(" + string.Join(",\n", Cases.Select(c => $"`{c[0]}` = curve({Vector((double[])c[1])}, {Vector(((int[])c[2]).Select(v => (double)v))})")) + "))"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EqualsSurvfit(string name, double[] times, int[] status)
    {
        var r = R.Value.GetProperty(name);
        var curve = Survival.KaplanMeier(times.Zip(status, (t, s) => (t, s == 1)));
        Close.Equal(r.Numbers("time"), curve.Times, 1e-12, $"{name}: time");
        Close.Equal(r.Numbers("surv"), curve.Survival, 1e-12, $"{name}: surv");
        Close.Equal(r.Numbers("se"), curve.StandardError, 1e-12, $"{name}: std.err");
        Close.Equal(r.Numbers("lower"), curve.Lower, 1e-12, $"{name}: lower");
        Close.Equal(r.Numbers("upper"), curve.Upper, 1e-12, $"{name}: upper");
        Close.Equal(r.Number("median"), curve.Median, 1e-12, $"{name}: median");
        Close.Equal(r.Number("mlower"), curve.MedianLower, 1e-12, $"{name}: median lower");
        Close.Equal(r.Number("mupper"), curve.MedianUpper, 1e-12, $"{name}: median upper");
    }
}
