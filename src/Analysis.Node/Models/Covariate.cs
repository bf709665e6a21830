namespace Analysis.Node.Models;

/// <summary>One covariate of a model: its SQL and, for a categorical one, the site's levels (the first is the reference).</summary>
internal sealed record Covariate(string Name, string Sql, IReadOnlyList<string>? Levels)
{
    public bool IsCategorical => Levels is not null;
}
