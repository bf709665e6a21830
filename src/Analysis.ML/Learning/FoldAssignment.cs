namespace Analysis.ML.Learning;

/// <summary>Assigns rows to folds.</summary>
internal static class FoldAssignment
{
    /// <summary>Within each stratum, rows shuffled with the seed and dealt to folds in turn, so each fold keeps the class mix.</summary>
    public static int[] Stratified(int[] strata, int folds, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        var assignment = new int[strata.Length];
        var next = 0;
        foreach (var group in strata.Select((s, i) => (s, i)).GroupBy(p => p.s).OrderBy(g => g.Key))
        {
            var rows = group.Select(p => p.i).ToArray();
            rng.Shuffle(rows);
            foreach (var row in rows) assignment[row] = next++ % folds;
        }
        return assignment;
    }
}
