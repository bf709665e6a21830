using Microsoft.CodeAnalysis;

namespace Analysis.Kernel.Packages;

/// <summary>The compile errors a cell gets for a <c>#r "nuget: ..."</c> directive that cannot be served.</summary>
internal static class PackageDiagnostics
{
    /// <summary>The directive's text is not <c>nuget: Id, Version</c>; <paramref name="message"/> says why.</summary>
    public static Diagnostic MalformedDirective(Location location, string message) => Error("NUGET001", "Malformed package reference", message, location);

    /// <summary>Restore failed; <paramref name="message"/> names the package and carries restore's errors.</summary>
    public static Diagnostic RestoreFailed(Location location, string message) => Error("NUGET002", "Package restore failed", message, location);

    /// <summary>The package's assembly is already loaded in another version; <paramref name="message"/> names both and what to write instead.</summary>
    public static Diagnostic LoadedVersionConflict(Location location, string message) => Error("NUGET003", "Package conflicts with a loaded assembly", message, location);

    // Created without a DiagnosticDescriptor: these are the kernel's errors, not an analyzer's rules.
    private static Diagnostic Error(string id, string title, string message, Location location) =>
        Diagnostic.Create(id, "NuGet", message, DiagnosticSeverity.Error, DiagnosticSeverity.Error, isEnabledByDefault: true,
            warningLevel: 0, title: title, location: location);
}
