namespace Analysis.Node.Configuration;

/// <summary>The scopes a token may hold.</summary>
public static class Scopes
{
    /// <summary>Disclosure-controlled aggregates.</summary>
    public const string Aggregate = "aggregate";

    /// <summary>Patient rows, and only when the dataset is open.</summary>
    public const string Records = "records";

    /// <summary>GA4GH Beacon queries.</summary>
    public const string Beacon = "beacon";

    /// <summary>Every scope.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Aggregate, Records, Beacon };
}
