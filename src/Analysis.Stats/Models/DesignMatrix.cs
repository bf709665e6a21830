namespace Analysis.Stats;

/// <summary>
/// Model columns from table columns over the complete cases: numeric covariates enter as they are,
/// text and boolean ones as dummies <c>name=level</c> against their first level (ordinal string order).
/// </summary>
internal sealed class DesignMatrix
{
    private DesignMatrix(IReadOnlyList<string> columns, double[][] rows, int[] sourceRows)
    {
        Columns = columns;
        Rows = rows;
        SourceRows = sourceRows;
    }

    /// <summary>Names of the model columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>One array of column values per complete case.</summary>
    public double[][] Rows { get; }

    /// <summary>The table row of each complete case.</summary>
    public int[] SourceRows { get; }

    /// <param name="table">The data.</param>
    /// <param name="covariates">Covariate column names.</param>
    /// <param name="intercept">Whether to add an <c>(intercept)</c> column first.</param>
    /// <param name="present">Rows that other model columns (time, status, strata) leave usable.</param>
    public static DesignMatrix Build(ColumnSource table, IReadOnlyList<string> covariates, bool intercept, bool[] present)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var duplicate = covariates.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Covariate '{duplicate.Key}' is given more than once.", nameof(covariates));
        var names = new List<string>();
        var builders = new List<Func<int, double?>>();
        if (intercept)
        {
            names.Add("(intercept)");
            builders.Add(_ => 1);
        }
        foreach (var covariate in covariates)
        {
            if (table.IsNumeric(covariate))
            {
                var values = table.Numeric(covariate);
                names.Add(covariate);
                builders.Add(i => values[i]);
                continue;
            }
            var text = table.Text(covariate);
            var levels = table.Levels(covariate);
            // A numeric column with a stray word would silently become hundreds of dummies: name the bad row instead.
            if (levels.Count(l => double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)) * 2 > levels.Count)
                table.Numeric(covariate);
            foreach (var level in levels.Skip(1))
            {
                names.Add($"{covariate}={level}");
                builders.Add(i => text[i] is null ? null : text[i] == level ? 1 : 0);
            }
        }
        var rows = new List<double[]>();
        var source = new List<int>();
        for (var i = 0; i < table.RowCount; i++)
        {
            if (!present[i]) continue;
            var row = new double[builders.Count];
            var complete = true;
            for (var j = 0; j < row.Length && complete; j++)
            {
                var v = builders[j](i);
                if (v is null) complete = false; else row[j] = v.Value;
            }
            if (!complete) continue;
            rows.Add(row);
            source.Add(i);
        }
        if (rows.Count == 0)
            throw new ArgumentException($"No complete cases: every row of the {table.Source} lacks a value of the model's columns ({string.Join(", ", covariates.Select(c => $"'{c}'"))}).", nameof(table));
        if (names.Count == 0)
            throw new ArgumentException($"The model has no columns: the covariates ({string.Join(", ", covariates.Select(c => $"'{c}'"))}) have a single level each.", nameof(covariates));
        return new DesignMatrix(names, rows.ToArray(), source.ToArray());
    }
}
