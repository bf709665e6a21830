using Apache.Arrow;
using Deedle;

namespace Analysis.Stats.Tests;

/// <summary>Column access: levels' order, the one missing-value rule, and the same columns from a frame, a batch and named columns.</summary>
public sealed class ColumnSourceTests
{
    private static ColumnSource Table(params (string Name, object?[] Values)[] columns) =>
        ColumnSource.FromColumns(columns.ToDictionary(c => c.Name, c => (IReadOnlyList<object?>)c.Values));

    [Fact]
    public void LevelsAreNumericOrderForNumbersAndOrdinalForText()
    {
        var table = Table(("n", [10.0, 9.0, 1.0, 9.0, null]), ("t", ["b", "a", "B", null, "a"]));
        Assert.Equal(["1", "9", "10"], table.Levels("n"));
        Assert.Equal(["B", "a", "b"], table.Levels("t"));
        Assert.True(table.IsNumeric("n"));
        Assert.False(table.IsNumeric("t"));
    }

    [Fact]
    public void EmptyTextNaAndNaNAreMissing()
    {
        var table = Table(("x", ["1.5", "", "NA", double.NaN, 2]), ("s", ["a", " ", "NA", "b", null]));
        Assert.Equal([1.5, null, null, null, 2.0], table.Numeric("x"));
        Assert.Equal("a|||b|", string.Join("|", table.Text("s")));
        Assert.Equal([false, true, true, false, true], table.Text("s").Select(t => t is null));
    }

    [Fact]
    public void OneMissingValueRuleForFramesBatchesAndNamedColumns()
    {
        // Missing: null, NaN (double or float), empty or blank text, "NA". Values: infinities, zero, false, "na", "N/A".
        Assert.All(new object?[] { null, double.NaN, float.NaN, "", "  ", "NA" }, v => Assert.True(ColumnSource.IsMissing(v), $"'{v}'"));
        Assert.All(new object[] { double.PositiveInfinity, 0.0, 0, false, "na", "N/A", "0" }, v => Assert.False(ColumnSource.IsMissing(v), $"'{v}'"));

        double?[] numbers = [1.5, double.NaN, null, double.NegativeInfinity];
        string?[] text = ["a", "NA", null, " "];
        var lists = ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["x"] = numbers.Cast<object?>().ToArray(), ["s"] = text,
        });
        var frame = ColumnSource.From(Frame.FromRecords(numbers.Zip(text, (x, t) => new { x, s = t })));
        var batch = ColumnSource.From(new RecordBatch.Builder()
            .Append("x", true, c => c.Double(b => { foreach (var v in numbers) if (v is { } d) b.Append(d); else b.AppendNull(); }))
            .Append("s", true, c => c.String(b => { foreach (var v in text) if (v is null) b.AppendNull(); else b.Append(v); }))
            .Build());
        foreach (var source in new[] { lists, frame, batch })
        {
            Assert.Equal([1.5, null, null, double.NegativeInfinity], source.Numeric("x"));
            Assert.Equal("a|||", string.Join("|", source.Text("s")));
            Assert.Equal([false, true, true, true], source.Text("s").Select(t => t is null));
            Assert.Equal([false, true, true, false], source.Values("x").Select(v => v is null));
        }
    }

    [Fact]
    public void FrameColumnsReadLikeNamedColumns()
    {
        var frame = Frame.FromRecords(new[]
        {
            new { time = 5.0, status = 1, group = "a" },
            new { time = 7.5, status = 0, group = "b" },
        });
        var table = ColumnSource.From(frame);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["time", "status", "group"], table.ColumnNames);
        Assert.Equal([5.0, 7.5], table.Numeric("time"));
        Assert.Equal([true, false], table.Status("status"));
        Assert.Equal("a|b", string.Join("|", table.Text("group")));
        Assert.Contains("'group'", Assert.Throws<ArgumentException>(() => table.Numeric("group")).Message);
        Assert.Throws<ArgumentException>(() => ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>> { ["a"] = [1], ["b"] = [1, 2] }));
    }

    [Fact]
    public void NumericSummariesOfSitesAddUp()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 300).Select(_ => Math.Round(random.NextDouble() * 80, 1)).ToArray();
        var sites = values.Chunk(100).Select(v => Describe.Numeric(Table(("x", v.Cast<object?>().ToArray())), "x", 10)).ToList();
        var summed = NumericSummary.Sum(sites);
        var pooled = Describe.Numeric(Table(("x", values.Cast<object?>().ToArray())), "x", 10);
        Assert.Equal(pooled.N, summed.N);
        Assert.Equal(pooled.Mean, summed.Mean, 10);
        Assert.Equal(pooled.SD, summed.SD, 10);
        Assert.Equal(pooled.Median, summed.Median, 10);
        Assert.Equal(pooled.Histogram!.Bins, summed.Histogram!.Bins);
    }
}
