using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Analysis.ML.Torch;

/// <summary>How TorchSharp's native library was loaded.</summary>
/// <param name="Library">The <c>libLibTorchSharp</c> file loaded: the package's own, or the patched copy in the cache.</param>
/// <param name="Patched">Whether the copy with <c>GLIBCXX_3.4.32</c> made optional was needed (the system C++ runtime lacks it).</param>
/// <param name="LibTorchDirectory">The folder libtorch itself is loaded from.</param>
/// <param name="CudaAvailable">Whether libtorch sees a CUDA device.</param>
public sealed record TorchLoadInfo(string Library, bool Patched, string LibTorchDirectory, bool CudaAvailable)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"TorchSharp native library {Library}{(Patched ? " (patched: GLIBCXX_3.4.32 made optional for this system's libstdc++)" : "")}, libtorch from {LibTorchDirectory}, CUDA {(CudaAvailable ? "available" : "not available")}";
}

/// <summary>TorchSharp could not be loaded; the message gives the reason and what was tried.</summary>
public sealed class TorchUnavailableException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// Loads TorchSharp's native library so that it works on Debian 12 and RHEL 9 as well as on newer systems.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks for <c>GLIBCXX_3.4.32</c> (for one symbol GCC 13 emits and never
/// calls), which older C++ runtimes lack, so the loader refuses it. When the running process's <c>libstdc++.so.6</c>
/// does not define that version, a copy with the requirement made weak is written once to
/// <c>$XDG_CACHE_HOME/analysis/torch/&lt;hash&gt;/</c> next to symlinks of the libtorch libraries (its RUNPATH is
/// <c>$ORIGIN</c>), and TorchSharp's P/Invokes are pointed at it through a DLL import resolver. On a system that has
/// the version the package's own library is loaded unchanged. Every entry point of Analysis.ML that touches torch
/// calls <see cref="EnsureLoaded"/> first.
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The C++ runtime version TorchSharp 0.107 asks for and older systems lack.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    private const string NativeName = "LibTorchSharp";
    private const string NativeFile = "libLibTorchSharp.so";
    private const string LibTorchPackage = "libtorch-cpu-linux-x64";
    private static readonly object Gate = new();
    private static TorchLoadInfo? _loaded;
    private static TorchUnavailableException? _failure;
    private static IntPtr _handle;

    /// <summary>The load outcome, or null before the first <see cref="EnsureLoaded"/>.</summary>
    public static TorchLoadInfo? Loaded => _loaded;

    /// <summary>Loads TorchSharp's native backend once (idempotent, thread-safe) and says how.</summary>
    /// <exception cref="TorchUnavailableException">It cannot be loaded; the message says why. Later calls throw the same.</exception>
    public static TorchLoadInfo EnsureLoaded()
    {
        if (_loaded is { } done) return done;
        lock (Gate)
        {
            if (_loaded is { } loaded) return loaded;
            if (_failure is not null) throw _failure;
            try
            {
                _loaded = Load();
                return _loaded;
            }
            catch (Exception e) when (e is not TorchUnavailableException)
            {
                _failure = new TorchUnavailableException($"TorchSharp could not be loaded: {e.Message}", e);
                throw _failure;
            }
            catch (TorchUnavailableException e)
            {
                _failure = e;
                throw;
            }
        }
    }

    /// <summary>Loads torch and sets its intra-op thread count (as <c>torch.set_num_threads</c>).</summary>
    /// <remarks>On a machine shared with other work, fewer threads than cores avoids OpenMP threads spinning against each other.</remarks>
    /// <param name="threads">Threads for one operation (at least 1).</param>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        EnsureLoaded();
        torch.set_num_threads(threads);
    }

    private static TorchLoadInfo Load()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            // Elsewhere TorchSharp's own loader is used unchanged.
            torch.InitializeDeviceType(DeviceType.CPU);
            return new TorchLoadInfo(NativeName, false, "(TorchSharp's own search)", torch.cuda.is_available());
        }
        var original = FindNative(NativeFile, TorchSharpPackageDirectories())
            ?? throw new TorchUnavailableException($"TorchSharp could not be loaded: {NativeFile} was not found in {string.Join(", ", TorchSharpPackageDirectories())}; reference the TorchSharp package");
        var libtorch = FindNative("libtorch.so", LibTorchDirectories())
            ?? throw new TorchUnavailableException($"TorchSharp could not be loaded: libtorch.so was not found in {string.Join(", ", LibTorchDirectories())}; reference {LibTorchPackage} 2.10.0");
        var plan = NativeLoadPlan.Prepare(original, libtorch, SystemCppVersions(), CacheRoot());
        try
        {
            _handle = NativeLibrary.Load(plan.Library);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchUnavailableException($"TorchSharp could not be loaded: the loader refused {plan.Library}: {e.Message}", e);
        }
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
        }
        catch (InvalidOperationException e)
        {
            throw new TorchUnavailableException("TorchSharp could not be loaded: another component already set a native library resolver for TorchSharp", e);
        }
        torch.InitializeDeviceType(DeviceType.CPU);
        using (torch.zeros(1)) { }
        return new TorchLoadInfo(plan.Library, plan.Patched, Path.GetDirectoryName(libtorch)!, torch.cuda.is_available());
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name == NativeName ? _handle : IntPtr.Zero;

    private static string? FindNative(string file, IEnumerable<string> directories) =>
        directories.Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists);

    private static IEnumerable<string> AppDirectories()
    {
        var torchSharp = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        foreach (var dir in new[] { AppContext.BaseDirectory, torchSharp }.OfType<string>().Where(d => d.Length > 0).Distinct())
        {
            yield return Path.Combine(dir, "runtimes", "linux-x64", "native");
            yield return dir;
        }
    }

    private static IEnumerable<string> TorchSharpPackageDirectories()
    {
        var version = typeof(torch).Assembly.GetName().Version ?? new Version(0, 107, 0);
        return AppDirectories().Append(Path.Combine(NuGetPackages(), "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native"));
    }

    private static IEnumerable<string> LibTorchDirectories() =>
        AppDirectories().Append(Path.Combine(NuGetPackages(), LibTorchPackage, "2.10.0", "runtimes", "linux-x64", "native"));

    private static string NuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string CacheRoot()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "analysis", "torch");
    }

    /// <summary>The version names defined by the <c>libstdc++.so.6</c> this process uses (empty if none is found).</summary>
    internal static IReadOnlySet<string> SystemCppVersions()
    {
        var library = LoadedCppRuntime() ?? new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        return library is null ? new HashSet<string>() : ElfImage.Read(library).VersionDefinitions().ToHashSet();
    }

    private static string? LoadedCppRuntime()
    {
        // The runtime itself links libstdc++, so the copy mapped into this process is the one libtorch will get.
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        return File.ReadLines(maps).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && f[5].Contains("libstdc++.so"))
            .Select(f => f[5]).FirstOrDefault(File.Exists);
    }
}
