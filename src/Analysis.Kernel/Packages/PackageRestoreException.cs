namespace Analysis.Kernel.Packages;

/// <summary>A package set could not be restored; <see cref="Errors"/> holds restore's own error lines.</summary>
public sealed class PackageRestoreException : Exception
{
    /// <summary>Creates the exception for <paramref name="packages"/> with restore's error lines.</summary>
    public PackageRestoreException(IReadOnlyCollection<PackageDirective> packages, IReadOnlyList<string> errors, Exception? inner = null)
        : base(Describe(packages, errors), inner)
    {
        Packages = packages;
        Errors = errors;
    }

    /// <summary>The packages that were being restored.</summary>
    public IReadOnlyCollection<PackageDirective> Packages { get; }

    /// <summary>Restore's error lines, e.g. <c>NU1101: Unable to find package X...</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The message for <paramref name="packages"/> failing with <paramref name="errors"/>.</summary>
    internal static string Describe(IReadOnlyCollection<PackageDirective> packages, IReadOnlyList<string> errors)
    {
        var names = string.Join(", ", packages);
        var lines = errors.Count == 0 ? ["restore failed without saying why"] : errors;
        return $"Could not restore NuGet package{(packages.Count == 1 ? "" : "s")} {names}:{string.Concat(lines.Select(l => Environment.NewLine + "  " + l))}";
    }
}
