using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Analysis.Kernel.Packages;

/// <summary>
/// Restores package sets with <c>dotnet restore</c> of a generated project, one cache folder per
/// set (and framework and runtime identifier), and remembers the result both in that folder and
/// in this process: the same set is restored once.
/// </summary>
public sealed class NuGetRestorer
{
    /// <summary>The environment variable that moves the cache (default <c>$XDG_CACHE_HOME/analysis-kernel/nuget</c>).</summary>
    public const string CacheVariable = "ANALYSIS_KERNEL_NUGET_CACHE";

    /// <summary>The environment variable naming the one NuGet configuration file restores use (e.g. an offline image's local feed).</summary>
    /// <remarks>When set, it replaces NuGet's search for nuget.config files (<c>dotnet restore --configfile</c>): an image
    /// whose only source is a local folder must not also ask nuget.org, whose failure offline fails the restore.</remarks>
    public const string ConfigVariable = "ANALYSIS_KERNEL_NUGET_CONFIG";

    private const string KeyFileName = "restore.key";
    private static readonly Lazy<NuGetRestorer> LazyShared = new(() => new NuGetRestorer());
    private readonly ConcurrentDictionary<string, RestoreResult> _results = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _restoreCount;

    /// <summary>Creates a restorer caching in <paramref name="cacheDirectory"/> (default <see cref="DefaultCacheDirectory"/>).</summary>
    /// <param name="cacheDirectory">Where generated projects and their assets files live.</param>
    /// <param name="timeout">How long one <c>dotnet restore</c> may run (default 5 minutes).</param>
    public NuGetRestorer(string? cacheDirectory = null, TimeSpan? timeout = null)
    {
        CacheDirectory = Path.GetFullPath(cacheDirectory ?? DefaultCacheDirectory());
        Timeout = timeout ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>The restorer kernels share by default, so sessions in one process share its memory cache.</summary>
    public static NuGetRestorer Shared => LazyShared.Value;

    /// <summary>The folder holding one subfolder per restored package set.</summary>
    public string CacheDirectory { get; }

    /// <summary>How long one <c>dotnet restore</c> may run before it is stopped.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The framework packages are restored for: the running one, e.g. <c>net10.0</c>.</summary>
    public string TargetFramework { get; } = $"net{Environment.Version.Major}.0";

    /// <summary>The runtime identifier native and RID-specific assets are chosen for.</summary>
    public string RuntimeIdentifier { get; } = RuntimeIds.Current;

    /// <summary>How many times this restorer has run <c>dotnet restore</c>; cached sets do not count.</summary>
    public int RestoreCount => Volatile.Read(ref _restoreCount);

    /// <summary><c>ANALYSIS_KERNEL_NUGET_CACHE</c> if set, else <c>analysis-kernel/nuget</c> in the user's cache folder.</summary>
    public static string DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } overridden) return overridden;
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "analysis-kernel", "nuget");
    }

    /// <summary>The cache folder of a package set.</summary>
    public string DirectoryFor(IEnumerable<PackageDirective> packages) => Path.Combine(CacheDirectory, Hash(Key(PackageDirective.Merge(packages))));

    /// <summary>
    /// Restores <paramref name="packages"/> together (so they agree on shared dependencies), or
    /// returns the remembered result for the same set.
    /// </summary>
    /// <param name="packages">The packages; a later entry for an id replaces an earlier one.</param>
    /// <param name="configDirectory">Where the search for nuget.config files starts (the notebook's folder); the user-wide configuration applies too.</param>
    /// <param name="cancellation">Stops a running restore.</param>
    /// <exception cref="PackageRestoreException">A package or version does not exist, a feed failed, or restore timed out.</exception>
    public async Task<RestoreResult> RestoreAsync(IEnumerable<PackageDirective> packages, string? configDirectory = null, CancellationToken cancellation = default)
    {
        var set = PackageDirective.Merge(packages);
        var key = Key(set);
        if (_results.TryGetValue(key, out var known)) return known;
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_results.TryGetValue(key, out known)) return known;
            var directory = Path.Combine(CacheDirectory, Hash(key));
            Directory.CreateDirectory(directory);
            // Another kernel may be restoring the same set into the same folder.
            using var folderLock = await FolderLock.AcquireAsync(directory, Timeout, cancellation).ConfigureAwait(false);
            var result = ReadCached(directory, key) ?? await RunRestoreAsync(directory, key, set, configDirectory, cancellation).ConfigureAwait(false);
            _results[key] = result;
            return result;
        }
        catch (TimeoutException e)
        {
            throw new PackageRestoreException(set, [e.Message], e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PackageRestoreException(set, [$"The package cache {CacheDirectory} cannot be used ({e.Message}); {CacheVariable} can point elsewhere."], e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private RestoreResult? ReadCached(string directory, string key)
    {
        var keyFile = Path.Combine(directory, KeyFileName);
        var assets = AssetsPath(directory);
        if (!File.Exists(keyFile) || !File.Exists(assets) || File.ReadAllText(keyFile) != key) return null;
        try
        {
            var result = ProjectAssets.Read(assets, RuntimeIdentifier);
            return result.FilesExist() ? result : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException or KeyNotFoundException)
        {
            return null;
        }
    }

    private async Task<RestoreResult> RunRestoreAsync(string directory, string key, IReadOnlyCollection<PackageDirective> packages, string? configDirectory, CancellationToken cancellation)
    {
        var dotnet = DotNetCommand.Locate() ?? throw new PackageRestoreException(packages,
            ["The dotnet command was not found (looked at DOTNET_HOST_PATH, this process, the running .NET installation and PATH); restoring packages needs the .NET SDK."]);
        var keyFile = Path.Combine(directory, KeyFileName);
        File.Delete(keyFile);
        var project = RestoreProject.Write(directory, packages, TargetFramework, RuntimeIdentifier, configDirectory);
        var started = DateTime.UtcNow;
        Interlocked.Increment(ref _restoreCount);
        string[] config = Environment.GetEnvironmentVariable(ConfigVariable) is { Length: > 0 } file ? ["--configfile", file] : [];
        var run = await DotNetCommand.RunAsync(dotnet,
            ["restore", project, .. config, "--disable-build-servers", "--verbosity", "quiet", "-nologo", "-noAutoResponse", "-nodeReuse:false", "-tl:off"],
            directory, Timeout, cancellation).ConfigureAwait(false);

        var assets = AssetsPath(directory);
        if (run.ExitCode != 0)
        {
            var fresh = File.Exists(assets) && File.GetLastWriteTimeUtc(assets) >= started.AddSeconds(-1);
            var errors = fresh ? ProjectAssets.Errors(assets) : [];
            throw new PackageRestoreException(packages, errors.Count > 0 ? errors : RestoreOutput.ErrorLines(run.Output, project));
        }
        var result = ProjectAssets.Read(assets, RuntimeIdentifier);
        File.WriteAllText(keyFile, key);
        return result;
    }

    private static string AssetsPath(string directory) => Path.Combine(directory, "obj", "project.assets.json");

    private string Key(IEnumerable<PackageDirective> packages) =>
        $"{TargetFramework}|{RuntimeIdentifier}|{string.Join(";", packages.Select(p => p.Key).Order(StringComparer.Ordinal))}";

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
