namespace Analysis.Kernel.Packages;

/// <summary>One restored package and its files for this process's framework and runtime identifier (absolute paths).</summary>
/// <param name="Id">The package id as restore resolved it.</param>
/// <param name="Version">The version restore chose.</param>
/// <param name="Dependencies">The ids of the packages it depends on directly.</param>
/// <param name="CompileAssets">Assemblies to compile against (may be reference assemblies).</param>
/// <param name="RuntimeAssets">Assemblies to load when running.</param>
/// <param name="NativeAssets">Native libraries for this runtime identifier.</param>
public sealed record RestoredPackage(
    string Id,
    string Version,
    IReadOnlyList<string> Dependencies,
    IReadOnlyList<string> CompileAssets,
    IReadOnlyList<string> RuntimeAssets,
    IReadOnlyList<string> NativeAssets)
{
    /// <summary>Every file the package contributes.</summary>
    public IEnumerable<string> AllAssets => CompileAssets.Concat(RuntimeAssets).Concat(NativeAssets);
}
