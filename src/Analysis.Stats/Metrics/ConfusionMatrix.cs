using System.Globalization;
using System.Text;
using Deedle;

namespace Analysis.Stats;

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
