namespace Analysis.Node.Models;

/// <summary>A categorical variable of a model with its value for every patient in the fit.</summary>
/// <param name="Name">The variable, as named in refusals.</param>
/// <param name="Levels">Its levels at the site.</param>
/// <param name="Values">One level per patient, in row order.</param>
internal sealed record Factor(string Name, IReadOnlyList<string> Levels, string[] Values)
{
    // Each patient's level as its index in Levels (Levels.Count for a value that is no level), computed once: every
    // Newton step checks every factor and pair of factors, and counting strings and string pairs was most of a Cox
    // request's time on the node (issue 16's profile).
    private int[]? _codes;

    /// <summary>A two-level factor from a flag per patient (the outcome).</summary>
    public static Factor Binary(string name, string yes, string no, bool[] flags) => new(name, [yes, no], flags.Select(f => f ? yes : no).ToArray());

    /// <summary>Patients per level.</summary>
    public IEnumerable<(string What, long Count)> Cells()
    {
        var counts = new long[Levels.Count + 1];
        foreach (var code in Codes()) counts[code]++;
        return Levels.Select((level, i) => ($"level '{level}' of {Name}", counts[i]));
    }

    /// <summary>Patients per combination of this factor's and <paramref name="other"/>'s levels, zero combinations included.</summary>
    public IEnumerable<(string What, long Count)> Cells(Factor other)
    {
        var mine = Codes();
        var theirs = other.Codes();
        var width = other.Levels.Count + 1;
        var counts = new long[(Levels.Count + 1) * width];
        for (var i = 0; i < Math.Min(mine.Length, theirs.Length); i++) counts[mine[i] * width + theirs[i]]++;
        return from a in Enumerable.Range(0, Levels.Count)
               from b in Enumerable.Range(0, other.Levels.Count)
               select ($"the cell {Name} = {Levels[a]} and {other.Name} = {other.Levels[b]}", counts[a * width + b]);
    }

    private int[] Codes()
    {
        if (_codes is { } known) return known;
        var index = new Dictionary<string, int>(Levels.Count, StringComparer.Ordinal);
        for (var i = 0; i < Levels.Count; i++) index.TryAdd(Levels[i], i);
        var codes = new int[Values.Length];
        for (var i = 0; i < codes.Length; i++) codes[i] = Values[i] is { } v && index.TryGetValue(v, out var code) ? code : Levels.Count;
        return _codes = codes;
    }
}
