using Microsoft.CodeAnalysis;

namespace Analysis.Kernel.Packages;

/// <summary>What restoring the packages of a cell's <c>#r "nuget: ..."</c> directives produced.</summary>
/// <param name="Errors">Errors located at the offending directives; when there are any, the cell should not run.</param>
/// <param name="References">
/// The compile assemblies of those packages and of their dependencies. Roslyn binds a <c>#r</c>
/// directive to a single reference, so the session adds the rest to its options.
/// </param>
public sealed record PackageRestoreOutcome(IReadOnlyList<Diagnostic> Errors, IReadOnlyList<MetadataReference> References)
{
    /// <summary>Nothing to restore: no errors, no references.</summary>
    public static PackageRestoreOutcome None { get; } = new([], []);
}
