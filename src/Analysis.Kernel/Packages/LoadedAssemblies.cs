using System.Reflection;
using System.Runtime.Loader;

namespace Analysis.Kernel.Packages;

/// <summary>
/// What a restored package would meet in this process: an assembly of the same name that the kernel (or an extension,
/// or an earlier <c>#r</c>) has loaded, or that the kernel ships and the runtime would load in its place (the
/// application's own assemblies, which the default load context always prefers, loaded yet or not). The default load
/// context holds one version of an assembly per name, so a package whose own assembly is there in another version
/// cannot be used as asked: cells would compile against the package's version and run against the other.
/// </summary>
internal static class LoadedAssemblies
{
    /// <summary>The assembly named like <paramref name="assemblyPath"/>'s that this process has or would load instead, when its version differs: its name and where it is from; null otherwise.</summary>
    public static (AssemblyName Name, string Location)? ConflictWith(string assemblyPath)
    {
        AssemblyName wanted;
        try
        {
            wanted = AssemblyName.GetAssemblyName(assemblyPath);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
        {
            return null;
        }
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && string.Equals(a.GetName().Name, wanted.Name, StringComparison.OrdinalIgnoreCase));
        if (loaded is not null) return loaded.GetName().Version != wanted.Version ? (loaded.GetName(), loaded.Location) : null;
        if (ApplicationAssembly(wanted.Name) is not { } shipped) return null;
        var name = AssemblyName.GetAssemblyName(shipped);
        return name.Version != wanted.Version ? (name, shipped) : null;
    }

    /// <summary>The application's own assembly of that name (the runtime's trusted list, which deps.json fills), if any.</summary>
    private static string? ApplicationAssembly(string? name) =>
        name is null ? null
            : (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string)?.Split(Path.PathSeparator)
                .FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), name, StringComparison.OrdinalIgnoreCase) && File.Exists(p));

    /// <summary>The version a person would write for an assembly: its file's product version without a commit suffix (the
    /// package version, for NuGet-built assemblies), else its assembly version.</summary>
    public static string PackageVersionOf(AssemblyName name, string location)
    {
        var product = File.Exists(location) ? System.Diagnostics.FileVersionInfo.GetVersionInfo(location).ProductVersion?.Split('+')[0] : null;
        return product is { Length: > 0 } ? product : name.Version?.ToString() ?? "?";
    }
}
