using Apache.Arrow;
using Deedle;
using MathNet.Numerics.LinearAlgebra;

namespace Analysis.Stats;

/// <summary>One group of a log-rank test (a row of <see cref="LogRankTest.ToFrame"/>).</summary>
/// <param name="Group">The group's name.</param>
/// <param name="N">Number of subjects.</param>
/// <param name="Observed">Observed events.</param>
/// <param name="Expected">Expected events under equal hazards.</param>
/// <param name="DeviationSquaredOverExpected">(O-E)²/E, as R prints it.</param>
public sealed record LogRankGroup(string Group, long N, double Observed, double Expected, double DeviationSquaredOverExpected);

/// <summary>
/// The log-rank test that survival is the same in every group, equal to R's <c>survdiff</c> (rho = 0).
/// Computed from per-group risk tables, so it works on federated (summed) tables too.
/// </summary>
public sealed class LogRankTest : ITabular
{
    private readonly LogRankGroup[] _rows;

    internal LogRankTest(IReadOnlyDictionary<string, RiskTable> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count < 2) throw new ArgumentException($"The log-rank test needs at least 2 groups, got {groups.Count}.", nameof(groups));
        Groups = groups.Keys.ToArray();
        var tables = groups.Values.ToArray();
        var k = tables.Length;
        var observed = new double[k];
        var expected = new double[k];
        var variance = new double[k, k];
        var times = tables.SelectMany(t => t.Rows.Where(r => r.Events > 0).Select(r => r.Time)).Distinct().Order();
        var atRisk = new double[k];
        foreach (var time in times)
        {
            double n = 0, d = 0;
            for (var g = 0; g < k; g++)
            {
                atRisk[g] = tables[g].AtRiskAt(time);
                var events = tables[g].EventsAt(time);
                observed[g] += events;
                n += atRisk[g];
                d += events;
            }
            for (var g = 0; g < k; g++) expected[g] += d * atRisk[g] / n;
            if (n <= 1) continue;
            var factor = d * (n - d) / (n - 1) / n;
            for (var g = 0; g < k; g++)
                for (var h = 0; h < k; h++)
                    variance[g, h] += factor * atRisk[g] * ((g == h ? 1 : 0) - atRisk[h] / n);
        }
        Observed = observed;
        Expected = expected;
        // As survdiff: groups with no expected events drop out; the first remaining one is the reference.
        var used = Enumerable.Range(0, k).Where(g => expected[g] > 0).Skip(1).ToArray();
        DegreesOfFreedom = used.Length;
        if (used.Length > 0)
        {
            var v = Matrix<double>.Build.Dense(used.Length, used.Length, (i, j) => variance[used[i], used[j]]);
            var diff = Vector<double>.Build.Dense(used.Length, i => observed[used[i]] - expected[used[i]]);
            ChiSquare = diff.DotProduct(v.Solve(diff));
            PValue = ChiSquareTail.Of(DegreesOfFreedom, ChiSquare);
        }
        else
        {
            ChiSquare = 0;
            PValue = double.NaN;
        }
        _rows = Enumerable.Range(0, k).Select(g => new LogRankGroup(Groups[g], tables[g].N, observed[g], expected[g],
            Math.Pow(observed[g] - expected[g], 2) / expected[g])).ToArray();
    }

    /// <summary>The groups' names, in the order of <see cref="Observed"/> and <see cref="Expected"/>.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Observed events per group.</summary>
    public IReadOnlyList<double> Observed { get; }

    /// <summary>Expected events per group under the null hypothesis.</summary>
    public IReadOnlyList<double> Expected { get; }

    /// <summary>The chi-square statistic.</summary>
    public double ChiSquare { get; }

    /// <summary>Degrees of freedom (groups with expected events, minus one).</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>The p-value.</summary>
    public double PValue { get; }

    /// <summary>One row per group.</summary>
    public IReadOnlyList<LogRankGroup> Rows => _rows;

    /// <inheritdoc/>
    public Frame<int, string> ToFrame() => Tabular.ToFrame(_rows);

    /// <inheritdoc/>
    public RecordBatch ToArrow() => Tabular.ToArrow(_rows);

    /// <summary>The table of R's <c>print.survdiff</c> and the test line.</summary>
    public override string ToString() =>
        Tabular.ToText("Log-rank test", _rows) + Environment.NewLine +
        $" Chisq= {Tabular.Number(ChiSquare)}  on {DegreesOfFreedom} degrees of freedom, p= {Tabular.PValue(PValue)}";
}
