namespace Analysis.Node.Models;

/// <summary>A categorical variable of a model with its value for every patient in the fit.</summary>
/// <param name="Name">The variable, as named in refusals.</param>
/// <param name="Levels">Its levels at the site.</param>
/// <param name="Values">One level per patient, in row order.</param>
internal sealed record Factor(string Name, IReadOnlyList<string> Levels, string[] Values)
{
    /// <summary>A two-level factor from a flag per patient (the outcome).</summary>
    public static Factor Binary(string name, string yes, string no, bool[] flags) => new(name, [yes, no], flags.Select(f => f ? yes : no).ToArray());

    /// <summary>Patients per level.</summary>
    public IEnumerable<(string What, long Count)> Cells() =>
        Levels.Select(level => ($"level '{level}' of {Name}", Values.LongCount(v => v == level)));

    /// <summary>Patients per combination of this factor's and <paramref name="other"/>'s levels, zero combinations included.</summary>
    public IEnumerable<(string What, long Count)> Cells(Factor other)
    {
        var counts = Values.Zip(other.Values).CountBy(pair => pair).ToDictionary(c => c.Key, c => (long)c.Value);
        return from a in Levels
               from b in other.Levels
               select ($"the cell {Name} = {a} and {other.Name} = {b}", counts.GetValueOrDefault((a, b)));
    }
}
