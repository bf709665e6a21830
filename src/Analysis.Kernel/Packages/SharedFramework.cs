using System.Runtime.InteropServices;

namespace Analysis.Kernel.Packages;

/// <summary>
/// The assemblies of the running shared framework. A package's copy of one (an old
/// System.Text.Json, say) must neither be referenced beside the framework's nor loaded twice.
/// </summary>
internal static class SharedFramework
{
    private static readonly Lazy<HashSet<string>> Names = new(() =>
        Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>True when the framework has an assembly with the file name of <paramref name="assemblyPath"/>.</summary>
    public static bool Provides(string assemblyPath) => Names.Value.Contains(Path.GetFileNameWithoutExtension(assemblyPath));
}
