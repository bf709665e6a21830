using System.Globalization;
using Deedle;

namespace Analysis.Stats;

/// <summary>Formatting shared by the metric records.</summary>
internal static class MetricText
{
    public static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Lines(string title, IEnumerable<KeyValuePair<string, double>> scalars) =>
        $"{title}\n" + string.Join("\n", scalars.Select(s => $"  {s.Key,-12} {Number(s.Value)}"));

    /// <summary>A one-column frame (<c>value</c>) indexed by metric name.</summary>
    public static Frame<string, string> Frame(IEnumerable<KeyValuePair<string, double>> scalars)
    {
        var list = scalars.ToList();
        var series = new Series<string, double>(list.Select(s => s.Key), list.Select(s => s.Value));
        return Deedle.Frame.FromColumns([KeyValuePair.Create("value", series)]);
    }
}
