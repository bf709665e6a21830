using System.Globalization;
using System.Text;
using Deedle;

namespace Analysis.ML.Learning;

/// <summary>Evaluation results with named scalar figures (AUC, accuracy, RMSE...), shown as a frame or text.</summary>
public interface IMetrics
{
    /// <summary>The scalar figures in display order, e.g. <c>("auc", 0.97)</c>.</summary>
    IReadOnlyList<KeyValuePair<string, double>> Scalars { get; }
}

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

/// <summary>Counts of actual (rows) against predicted (columns) classes.</summary>
/// <param name="Classes">Class names, in row and column order.</param>
/// <param name="Counts">Counts[actual][predicted].</param>
public sealed record ConfusionMatrix(IReadOnlyList<string> Classes, long[][] Counts)
{
    /// <summary>The count of <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[string actual, string predicted] => Counts[Index(actual)][Index(predicted)];

    private int Index(string name) =>
        Classes.ToList().IndexOf(name) is var i and >= 0 ? i : throw new ArgumentException($"'{name}' is not a class; classes: {string.Join(", ", Classes)}", nameof(name));

    /// <summary>Rows actual, columns predicted.</summary>
    public Frame<string, string> ToFrame() => Deedle.Frame.FromColumns(Classes.Select((c, j) =>
        KeyValuePair.Create($"predicted {c}", new Series<string, long>(Classes.Select(a => $"actual {a}"), Counts.Select(row => row[j])))));

    /// <inheritdoc />
    public override string ToString()
    {
        var width = Math.Max(8, Classes.Max(c => c.Length) + 1);
        var text = new StringBuilder().Append("actual \\ predicted".PadRight(width + 8));
        foreach (var c in Classes) text.Append(c.PadLeft(width));
        for (var i = 0; i < Classes.Count; i++)
        {
            text.Append('\n').Append(Classes[i].PadRight(width + 8));
            foreach (var n in Counts[i]) text.Append(n.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }
        return text.ToString();
    }

    internal static ConfusionMatrix Count(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        var counts = classes.Select(_ => new long[classes.Count]).ToArray();
        for (var i = 0; i < actual.Count; i++) counts[actual[i]][predicted[i]]++;
        return new ConfusionMatrix(classes, counts);
    }
}

/// <summary>One point of a ROC curve (X false-positive rate, Y true-positive rate) or a PR curve (X recall, Y precision).</summary>
/// <param name="Threshold">Scores at or above it count as positive.</param>
/// <param name="X">False-positive rate (ROC) or recall (PR).</param>
/// <param name="Y">True-positive rate (ROC) or precision (PR).</param>
public sealed record CurvePoint(double Threshold, double X, double Y);

/// <summary>One reliability bin: the mean predicted probability against the observed positive rate of its rows.</summary>
/// <param name="Lower">Bin start (inclusive).</param>
/// <param name="Upper">Bin end (exclusive, except 1).</param>
/// <param name="Count">Rows in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability.</param>
/// <param name="Observed">Fraction of positives.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double Observed);
