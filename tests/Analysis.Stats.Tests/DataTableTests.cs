using Deedle;

namespace Analysis.Stats.Tests;

/// <summary>Column access: levels' order, missing values, and the same columns from a frame and from named columns.</summary>
public sealed class DataTableTests
{
    private static DataTable Table(params (string Name, object?[] Values)[] columns) =>
        DataTable.FromColumns(columns.ToDictionary(c => c.Name, c => (IReadOnlyList<object?>)c.Values));

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
    public void FrameColumnsReadLikeNamedColumns()
    {
        var frame = Frame.FromRecords(new[]
        {
            new { time = 5.0, status = 1, group = "a" },
            new { time = 7.5, status = 0, group = "b" },
        });
        var table = DataTable.From(frame);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["time", "status", "group"], table.ColumnNames);
        Assert.Equal([5.0, 7.5], table.Numeric("time"));
        Assert.Equal([true, false], table.Status("status"));
        Assert.Equal("a|b", string.Join("|", table.Text("group")));
        Assert.Contains("'group'", Assert.Throws<ArgumentException>(() => table.Numeric("group")).Message);
        Assert.Throws<ArgumentException>(() => DataTable.FromColumns(new Dictionary<string, IReadOnlyList<object?>> { ["a"] = [1], ["b"] = [1, 2] }));
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
