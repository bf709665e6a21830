using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>One cell of a cross-table (a row of <see cref="CrossTable.ToFrame"/>).</summary>
/// <param name="Row">The row variable's level.</param>
/// <param name="Column">The column variable's level.</param>
/// <param name="Count">Observed count.</param>
/// <param name="Expected">Expected count under independence.</param>
public sealed record CrossTableCell(string Row, string Column, long Count, double Expected);

/// <summary>Pearson's chi-square test of independence, as R's <c>chisq.test</c>.</summary>
/// <param name="Statistic">The chi-square statistic.</param>
/// <param name="DegreesOfFreedom">(rows − 1) × (columns − 1).</param>
/// <param name="PValue">The p-value.</param>
/// <param name="YatesCorrection">Whether Yates' continuity correction was applied (2 × 2 only).</param>
public sealed record ChiSquareTest(double Statistic, int DegreesOfFreedom, double PValue, bool YatesCorrection) : ITabular
{
    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame([this]);

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow([this]);

    /// <summary>The test line as R prints it.</summary>
    public override string ToString() =>
        $"Pearson's chi-squared test{(YatesCorrection ? " with Yates' continuity correction" : "")}: X-squared = {Tabular.Number(Statistic)}, df = {DegreesOfFreedom}, p-value = {Tabular.PValue(PValue)}";
}

/// <summary>
/// Counts of two categorical variables with margins and expected counts. Sites' tables on the same levels add
/// up with <see cref="Sum"/>.
/// </summary>
public sealed class CrossTable : ITabular
{
    private readonly long[,] _counts;

    /// <summary>A table of counts, <paramref name="counts"/>[row, column].</summary>
    /// <exception cref="ArgumentException">The counts' shape does not match the levels, or a count is negative.</exception>
    public CrossTable(string rowVariable, string columnVariable, IReadOnlyList<string> rowLevels, IReadOnlyList<string> columnLevels, long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(rowLevels);
        ArgumentNullException.ThrowIfNull(columnLevels);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.GetLength(0) != rowLevels.Count || counts.GetLength(1) != columnLevels.Count)
            throw new ArgumentException($"The counts are {counts.GetLength(0)} × {counts.GetLength(1)} but there are {rowLevels.Count} row levels and {columnLevels.Count} column levels.", nameof(counts));
        for (var i = 0; i < rowLevels.Count; i++)
            for (var j = 0; j < columnLevels.Count; j++)
                if (counts[i, j] < 0)
                    throw new ArgumentException($"Count [{rowLevels[i]}, {columnLevels[j]}] is negative ({counts[i, j]}).", nameof(counts));
        RowVariable = rowVariable;
        ColumnVariable = columnVariable;
        RowLevels = rowLevels.ToArray();
        ColumnLevels = columnLevels.ToArray();
        _counts = (long[,])counts.Clone();
        RowTotals = Enumerable.Range(0, RowLevels.Count).Select(i => Enumerable.Range(0, ColumnLevels.Count).Sum(j => _counts[i, j])).ToArray();
        ColumnTotals = Enumerable.Range(0, ColumnLevels.Count).Select(j => Enumerable.Range(0, RowLevels.Count).Sum(i => _counts[i, j])).ToArray();
        Total = RowTotals.Sum();
    }

    /// <summary>The row variable's name.</summary>
    public string RowVariable { get; }

    /// <summary>The column variable's name.</summary>
    public string ColumnVariable { get; }

    /// <summary>The row levels.</summary>
    public IReadOnlyList<string> RowLevels { get; }

    /// <summary>The column levels.</summary>
    public IReadOnlyList<string> ColumnLevels { get; }

    /// <summary>The count of a cell.</summary>
    public long this[int row, int column] => _counts[row, column];

    /// <summary>The count of a cell by levels.</summary>
    /// <exception cref="KeyNotFoundException">An unknown level.</exception>
    public long this[string row, string column] => _counts[Index(RowLevels, row, RowVariable), Index(ColumnLevels, column, ColumnVariable)];

    /// <summary>A copy of the counts, [row, column].</summary>
    public long[,] Counts => (long[,])_counts.Clone();

    /// <summary>Row margins.</summary>
    public IReadOnlyList<long> RowTotals { get; }

    /// <summary>Column margins.</summary>
    public IReadOnlyList<long> ColumnTotals { get; }

    /// <summary>The grand total.</summary>
    public long Total { get; }

    /// <summary>Expected counts under independence: row total × column total / total.</summary>
    public double[,] Expected()
    {
        var expected = new double[RowLevels.Count, ColumnLevels.Count];
        for (var i = 0; i < RowLevels.Count; i++)
            for (var j = 0; j < ColumnLevels.Count; j++)
                expected[i, j] = (double)RowTotals[i] * ColumnTotals[j] / Total;
        return expected;
    }

    /// <summary>
    /// Pearson's chi-square test of independence, as R's <c>chisq.test(correct = FALSE)</c>; with
    /// <paramref name="yates"/> on a 2 × 2 table, Yates' correction as R's default <c>chisq.test</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The table is empty or has fewer than two non-empty rows or columns.</exception>
    public ChiSquareTest ChiSquare(bool yates = false)
    {
        if (Total == 0) throw new InvalidOperationException($"The table of {RowVariable} by {ColumnVariable} is empty.");
        var rows = Enumerable.Range(0, RowLevels.Count).Where(i => RowTotals[i] > 0).ToArray();
        var columns = Enumerable.Range(0, ColumnLevels.Count).Where(j => ColumnTotals[j] > 0).ToArray();
        if (rows.Length < 2 || columns.Length < 2)
            throw new InvalidOperationException($"A chi-square test needs at least two non-empty rows and columns; {RowVariable} by {ColumnVariable} has {rows.Length} and {columns.Length}.");
        var expected = Expected();
        var correct = yates && rows.Length == 2 && columns.Length == 2;
        var yatesTerm = 0.0;
        if (correct)
            yatesTerm = Math.Min(0.5, rows.SelectMany(i => columns.Select(j => Math.Abs(_counts[i, j] - expected[i, j]))).Min());
        double statistic = 0;
        foreach (var i in rows)
            foreach (var j in columns)
            {
                var d = Math.Abs(_counts[i, j] - expected[i, j]) - yatesTerm;
                statistic += d * d / expected[i, j];
            }
        var df = (RowLevels.Count - 1) * (ColumnLevels.Count - 1);
        return new ChiSquareTest(statistic, df, ChiSquareTail.Of(df, statistic), correct);
    }

    /// <summary>Adds tables of the same variables and levels (e.g. from every site).</summary>
    /// <exception cref="ArgumentException">The tables' variables or levels differ.</exception>
    public static CrossTable Sum(IEnumerable<CrossTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var list = tables.ToList();
        if (list.Count == 0) throw new ArgumentException("No cross-tables to sum.", nameof(tables));
        var first = list[0];
        var counts = new long[first.RowLevels.Count, first.ColumnLevels.Count];
        for (var t = 0; t < list.Count; t++)
        {
            var table = list[t];
            if (!table.RowLevels.SequenceEqual(first.RowLevels) || !table.ColumnLevels.SequenceEqual(first.ColumnLevels))
                throw new ArgumentException($"Cross-table {t} has levels [{string.Join(", ", table.RowLevels)}] × [{string.Join(", ", table.ColumnLevels)}] but table 0 has [{string.Join(", ", first.RowLevels)}] × [{string.Join(", ", first.ColumnLevels)}].", nameof(tables));
            for (var i = 0; i < counts.GetLength(0); i++)
                for (var j = 0; j < counts.GetLength(1); j++)
                    counts[i, j] += table._counts[i, j];
        }
        return new CrossTable(first.RowVariable, first.ColumnVariable, first.RowLevels, first.ColumnLevels, counts);
    }

    /// <summary>One row per cell with its observed and expected count.</summary>
    public IReadOnlyList<CrossTableCell> Cells()
    {
        var expected = Expected();
        return RowLevels.SelectMany((r, i) => ColumnLevels.Select((c, j) => new CrossTableCell(r, c, _counts[i, j], expected[i, j]))).ToArray();
    }

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(Cells());

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(Cells());

    /// <summary>The counts with margins, as an aligned table (rows: <see cref="RowVariable"/>).</summary>
    public override string ToString()
    {
        var header = new[] { $"{RowVariable} \\ {ColumnVariable}" }.Concat(ColumnLevels).Append("Total").ToArray();
        var lines = RowLevels.Select((r, i) => new[] { r }.Concat(ColumnLevels.Select((_, j) => _counts[i, j].ToString())).Append(RowTotals[i].ToString()).ToArray())
            .Append(new[] { "Total" }.Concat(ColumnTotals.Select(t => t.ToString())).Append(Total.ToString()).ToArray()).ToList();
        var widths = header.Select((h, j) => Math.Max(h.Length, lines.Max(l => l[j].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, j) => j == 0 ? c.PadRight(widths[j]) : c.PadLeft(widths[j])));
        return string.Join(Environment.NewLine, new[] { Line(header) }.Concat(lines.Select(Line)));
    }

    private static int Index(IReadOnlyList<string> levels, string level, string variable)
    {
        for (var i = 0; i < levels.Count; i++) if (levels[i] == level) return i;
        throw new KeyNotFoundException($"'{variable}' has no level '{level}' (levels: {string.Join(", ", levels.Select(l => $"'{l}'"))}).");
    }
}
