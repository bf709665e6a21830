using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>
/// Local descriptive statistics over a frame, built from the same mergeable pieces sites release.
/// <code>
/// Describe.Numeric(lung, "age", binWidth: 5)
/// Describe.Crosstab(lung, "sex", "ph.ecog").ChiSquare()
/// </code>
/// </summary>
public static class Describe
{
    /// <summary>Moments and a histogram of <paramref name="binWidth"/> of a numeric column (missing values skipped).</summary>
    /// <exception cref="ArgumentException">The column is missing or not numeric (the row is named), or the width is not positive.</exception>
    public static NumericSummary Numeric<TRow>(Frame<TRow, string> frame, string column, double binWidth) where TRow : notnull =>
        Numeric(ColumnSource.From(frame), column, binWidth);

    /// <summary>Moments and a histogram of <paramref name="binWidth"/> of a numeric column of a record batch.</summary>
    /// <inheritdoc cref="Numeric{TRow}(Frame{TRow, string}, string, double)"/>
    public static NumericSummary Numeric(RecordBatch batch, string column, double binWidth) =>
        Numeric(ColumnSource.From(batch), column, binWidth);

    /// <summary>Moments and a histogram of <paramref name="binWidth"/> of a numeric column of a table.</summary>
    /// <inheritdoc cref="Numeric{TRow}(Frame{TRow, string}, string, double)"/>
    public static NumericSummary Numeric(ColumnSource table, string column, double binWidth)
    {
        ArgumentNullException.ThrowIfNull(table);
        var values = table.Numeric(column).OfType<double>().ToArray();
        return new NumericSummary(column, Moments.Of(values), Histogram.Of(values, binWidth));
    }

    /// <summary>Counts of two columns' levels (rows where either is missing are left out).</summary>
    /// <exception cref="ArgumentException">A column is missing, or no row has both values.</exception>
    public static CrossTable Crosstab<TRow>(Frame<TRow, string> frame, string rows, string columns) where TRow : notnull =>
        Crosstab(ColumnSource.From(frame), rows, columns);

    /// <summary>Counts of two columns' levels of a record batch.</summary>
    /// <inheritdoc cref="Crosstab{TRow}(Frame{TRow, string}, string, string)"/>
    public static CrossTable Crosstab(RecordBatch batch, string rows, string columns) =>
        Crosstab(ColumnSource.From(batch), rows, columns);

    /// <summary>Counts of two columns' levels of a table.</summary>
    /// <inheritdoc cref="Crosstab{TRow}(Frame{TRow, string}, string, string)"/>
    public static CrossTable Crosstab(ColumnSource table, string rows, string columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        var r = table.Text(rows);
        var c = table.Text(columns);
        var complete = Enumerable.Range(0, table.RowCount).Where(i => r[i] is not null && c[i] is not null).ToArray();
        if (complete.Length == 0) throw new ArgumentException($"No row of the {table.Source} has both '{rows}' and '{columns}'.", nameof(table));
        var rowLevels = table.Levels(rows).Where(l => complete.Any(i => r[i] == l)).ToArray();
        var columnLevels = table.Levels(columns).Where(l => complete.Any(i => c[i] == l)).ToArray();
        var counts = new long[rowLevels.Length, columnLevels.Length];
        foreach (var i in complete) counts[System.Array.IndexOf(rowLevels, r[i]), System.Array.IndexOf(columnLevels, c[i])]++;
        return new CrossTable(rows, columns, rowLevels, columnLevels, counts);
    }
}
