using Microsoft.CodeAnalysis;

namespace Analysis.Kernel.Execution;

/// <summary>What running one cell produced.</summary>
public sealed record CellOutcome
{
    /// <summary>The trailing expression's value, when the cell ends in one and it is not null.</summary>
    public object? Value { get; init; }
    /// <summary>True when the cell ended in an expression (whose value may be null).</summary>
    public bool HasValue { get; init; }
    /// <summary>Compile errors, with positions relative to the cell.</summary>
    public IReadOnlyList<Diagnostic> CompileErrors { get; init; } = [];
    /// <summary>The exception the cell threw, if any.</summary>
    public Exception? Exception { get; init; }
    /// <summary>True when the cell was stopped by an interrupt.</summary>
    public bool Interrupted { get; init; }
    /// <summary>Where the cell's time went (parse, rewrite, compile, run...), as far as it got.</summary>
    public CellTimings? Timings { get; init; }
    /// <summary>True when the cell compiled and ran to the end.</summary>
    public bool Succeeded => CompileErrors.Count == 0 && Exception is null && !Interrupted;
}
