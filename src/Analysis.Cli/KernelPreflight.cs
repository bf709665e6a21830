using System.Text.Json;
using Analysis.Kernel.History;
using Analysis.Kernel.Packages;

namespace Analysis.Cli;

/// <summary>
/// The checks <c>analysis kernel run</c> makes before it starts the kernel: the history file and the package cache
/// can be written, and the native libraries this installation ships are all there.
/// </summary>
/// <remarks>
/// On a batch node a kernel that dies later (at its first <c>#r "nuget: ..."</c>, its first DuckDB query, or when it
/// writes its first history line) looks like a pending one from the front end; one line on stderr and a non-zero
/// exit at start are what batchspawner and Open OnDemand show to the user. A missing .NET runtime cannot be reported
/// from here (this code never runs); the kernelspec's launcher (<see cref="KernelSpec.LauncherFileName"/>) checks it.
/// </remarks>
public static class KernelPreflight
{
    /// <summary>The exit code of <c>analysis kernel run</c> when a check fails.</summary>
    public const int ExitCode = 3;

    /// <summary>The first problem found, as one line saying what and where; null when the kernel can start.</summary>
    /// <param name="appDirectory">The installation's folder (default: this program's).</param>
    public static string? Problem(string? appDirectory = null) =>
        HistoryProblem() ?? CacheProblem() ?? NativeProblem(appDirectory ?? AppContext.BaseDirectory);

    /// <summary>The history file's folder cannot be created, or the file cannot be opened for appending.</summary>
    public static string? HistoryProblem()
    {
        var path = HistoryStore.DefaultPath();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            // Opened for appending as the store will, without writing anything.
            using (new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the kernel history file {path} cannot be written ({e.Message}); set ANALYSIS_KERNEL_HISTORY to a writable file";
        }
    }

    /// <summary>The package cache folder cannot be created or written.</summary>
    public static string? CacheProblem()
    {
        var directory = NuGetRestorer.DefaultCacheDirectory();
        try
        {
            Directory.CreateDirectory(directory);
            // Creating the folder succeeds on a read-only tree where it already exists; a file proves it is writable.
            var probe = Path.Combine(directory, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the package cache {directory} cannot be written ({e.Message}); set {NuGetRestorer.CacheVariable} (or XDG_CACHE_HOME) to a writable folder";
        }
    }

    /// <summary>A native library named in this installation's <c>analysis.deps.json</c> for linux-x64 is missing.</summary>
    /// <param name="appDirectory">The installation's folder.</param>
    public static string? NativeProblem(string appDirectory)
    {
        var deps = Path.Combine(appDirectory, "analysis.deps.json");
        if (!File.Exists(deps)) return null; // not an installation of ours (e.g. a test host): nothing to compare against
        foreach (var asset in NativeAssets(deps))
        {
            // Published: flattened into the app folder; built: under runtimes/<rid>/native as the deps file says.
            if (File.Exists(Path.Combine(appDirectory, Path.GetFileName(asset))) || File.Exists(Path.Combine(appDirectory, asset))) continue;
            return $"the native library {Path.GetFileName(asset)} is missing from {appDirectory} (named in analysis.deps.json); reinstall the analysis command";
        }
        return null;
    }

    /// <summary>The linux-x64 native assets a deps file names (debug symbol files left out: they are optional).</summary>
    internal static IEnumerable<string> NativeAssets(string depsFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(depsFile));
        var assets = new List<string>();
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        foreach (var library in target.Value.EnumerateObject())
        {
            if (library.Value.TryGetProperty("native", out var native))
                assets.AddRange(native.EnumerateObject().Select(a => a.Name));
            if (library.Value.TryGetProperty("runtimeTargets", out var targets))
                assets.AddRange(targets.EnumerateObject()
                    .Where(a => a.Value.TryGetProperty("assetType", out var type) && type.GetString() == "native"
                                && a.Value.TryGetProperty("rid", out var rid) && rid.GetString() == "linux-x64")
                    .Select(a => a.Name));
        }
        return assets.Where(a => !a.EndsWith(".dbg", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);
    }
}
