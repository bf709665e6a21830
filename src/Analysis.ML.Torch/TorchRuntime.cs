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
    /// <summary>Why the libtorch named by <see cref="UserLibTorch.Variable"/> was refused (the bundled CPU libtorch was loaded instead); null when it was not set or was loaded.</summary>
    public string? UserLibTorchProblem { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"TorchSharp native library {Library}{(Patched ? " (patched: GLIBCXX_3.4.32 made optional for this system's libstdc++)" : "")}, libtorch from {LibTorchDirectory}, CUDA {(CudaAvailable ? "available" : "not available")}"
        + (UserLibTorchProblem is { } problem ? $"; {problem}; the bundled CPU libtorch is used" : "");
}

/// <summary>TorchSharp could not be loaded; the message gives the reason and what was tried.</summary>
public sealed class TorchUnavailableException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// Loads TorchSharp's native library so that it works on Debian 12 and RHEL 9 as well as on newer systems.
/// </summary>
/// <remarks>
/// <para>TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks for <c>GLIBCXX_3.4.32</c> (for one symbol GCC 13 emits and never
/// calls), which older C++ runtimes lack, so the loader refuses it. When the running process's <c>libstdc++.so.6</c>
/// does not define that version, a copy with the requirement made weak is written once to
/// <c>$XDG_CACHE_HOME/analysis/torch/&lt;hash&gt;/</c> next to symlinks of the libtorch libraries (its RUNPATH is
/// <c>$ORIGIN</c>), and TorchSharp's P/Invokes are pointed at it through a DLL import resolver. On a system that has
/// the version the package's own library is loaded unchanged.</para>
/// <para>TorchSharp's own loader runs once, in the type initializer of its <c>torch</c> class, and finds libraries by name;
/// a library already loaded under that name is what it gets. So <see cref="Prepare"/> loads the right files first (and
/// registers the resolver for TorchSharp's later P/Invokes), without initialising TorchSharp. Code that lets users
/// touch TorchSharp directly must call it before the <c>torch</c> type is first used: if TorchSharp's loader runs
/// first it refuses the package's library on older systems and the failure sticks to the <c>torch</c> type for the
/// rest of the process (the notebook kernel's extension calls it when TorchSharp's assembly loads). Every entry point
/// of Analysis.ML that touches torch calls <see cref="EnsureLoaded"/>, which prepares and then initialises.</para>
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The C++ runtime version TorchSharp 0.107 asks for and older systems lack.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The environment variable oneDNN reads for the widest instruction set its kernels may use.</summary>
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>What <see cref="Prepare"/> sets <see cref="OneDnnIsaVariable"/> to when the environment does not set it.</summary>
    /// <remarks>The oneDNN in libtorch 2.10 has AVX-512 convolution kernels whose backward pass (the gradient with respect to
    /// a convolution's input, needed for every convolution but the first) reads memory it never wrote: a CNN's gradients
    /// then depend on what the allocator last put there, and turn NaN now and then (always, when freed blocks are filled
    /// with NaN first; see the ML tests). Its AVX2 kernels do not. Convolutions run somewhat slower on AVX-512 machines;
    /// set the variable yourself (e.g. to <c>AVX512_CORE</c>) to choose otherwise.</remarks>
    public const string OneDnnIsaLimit = "AVX2";

    private const string NativeName = "LibTorchSharp";
    private const string TorchCpuName = "torch_cpu";
    private const string TorchCudaName = "torch_cuda";
    private const string NativeFile = "libLibTorchSharp.so";
    private const string LibTorchPackage = "libtorch-cpu-linux-x64";
    // Two locks, never held while calling TorchSharp: the resolver runs inside TorchSharp's type initializer, so a lock
    // held around a TorchSharp call on another thread while the resolver waits for it would deadlock.
    private static readonly Lock ResolverGate = new();
    private static readonly Lock NativeGate = new();
    private static bool _resolverSet;
    private static NativeLibraries? _native;
    private static TorchUnavailableException? _failure;
    private static TorchLoadInfo? _loaded;

    /// <summary>Why the user's libtorch (<see cref="UserLibTorch.Variable"/>) was refused, once native loading was tried; null otherwise.</summary>
    public static string? UserLibTorchProblem => _native?.UserLibTorchProblem;

    /// <summary>The load outcome, or null before the first successful <see cref="EnsureLoaded"/>.</summary>
    public static TorchLoadInfo? Loaded => _loaded;

    /// <summary>Why TorchSharp cannot be loaded in this process, once a load has been tried and failed; null otherwise.</summary>
    public static TorchUnavailableException? Failure => _failure;

    /// <summary>
    /// Loads TorchSharp's native library (the patched copy where the C++ runtime needs it) and libtorch, and points
    /// TorchSharp's native lookups at them, without initialising TorchSharp (idempotent, thread-safe). Call it before
    /// code touches TorchSharp's <c>torch</c> type; <see cref="EnsureLoaded"/> calls it.
    /// </summary>
    /// <remarks>Elsewhere than on Linux x64 TorchSharp's own loader is used unchanged and this does nothing.</remarks>
    /// <exception cref="TorchUnavailableException">The libraries cannot be loaded; the message says why. Later calls throw the same.</exception>
    public static void Prepare()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        lock (ResolverGate)
        {
            if (!_resolverSet)
            {
                LimitOneDnn();
                _resolverSet = true;
                try
                {
                    NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
                }
                catch (InvalidOperationException e)
                {
                    lock (NativeGate) _failure ??= new TorchUnavailableException("TorchSharp could not be loaded: another component already set a native library resolver for TorchSharp", e);
                }
            }
        }
        LoadNative();
    }

    /// <summary>Sets <see cref="OneDnnIsaVariable"/> to <see cref="OneDnnIsaLimit"/> unless the environment sets it, before oneDNN reads it.</summary>
    /// <remarks>In the native environment, which is where oneDNN looks: on Unix .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// changes only its own copy. oneDNN reads the variable when it first picks a kernel, which is after this (libtorch is not loaded yet).</remarks>
    private static void LimitOneDnn()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OneDnnIsaVariable))) return;
        if (SetNativeEnvironment(OneDnnIsaVariable, OneDnnIsaLimit, 0) != 0)
            throw new TorchUnavailableException($"TorchSharp could not be prepared: setting {OneDnnIsaVariable} failed (errno {Marshal.GetLastPInvokeError()})");
        Environment.SetEnvironmentVariable(OneDnnIsaVariable, OneDnnIsaLimit);
    }

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetNativeEnvironment([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    /// <summary>Loads TorchSharp's native backend once (idempotent, thread-safe) and says how.</summary>
    /// <exception cref="TorchUnavailableException">It cannot be loaded; the message says why. Later calls throw the same reason.</exception>
    public static TorchLoadInfo EnsureLoaded()
    {
        if (_loaded is { } done) return done;
        TorchLoadInfo info;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            // Elsewhere TorchSharp's own loader is used unchanged.
            Initialize();
            info = new TorchLoadInfo(NativeName, false, "(TorchSharp's own search)", torch.cuda.is_available());
        }
        else
        {
            Prepare();
            var native = LoadNative();
            Initialize();
            info = new TorchLoadInfo(native.Library, native.Patched, native.LibTorchDirectory, torch.cuda.is_available()) { UserLibTorchProblem = native.UserLibTorchProblem };
        }
        Interlocked.CompareExchange(ref _loaded, info, null);
        return _loaded!;
    }

    /// <summary>Runs TorchSharp's own initialisation (its type initializer, then the CPU device) and one operation.</summary>
    private static void Initialize()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            using (torch.zeros(1)) { }
        }
        catch (Exception e) when (e is not TorchUnavailableException)
        {
            // TorchSharp's own message is long and starts with advice that does not apply here; ours first, when we have one.
            var reason = _failure?.Message ?? "TorchSharp could not be loaded: " + Innermost(e).Message;
            throw new TorchUnavailableException(reason, e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
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

    /// <summary>The native libraries loaded: TorchSharp's (the package's or the patched copy) and libtorch's CPU library.</summary>
    private sealed record NativeLibraries(string Library, bool Patched, string LibTorchDirectory, IntPtr Handle, IntPtr TorchCpu, IntPtr TorchCuda, string? UserLibTorchProblem);

    /// <summary>Finds, patches if needed and loads the native libraries once; the first failure is kept and thrown again.</summary>
    private static NativeLibraries LoadNative()
    {
        lock (NativeGate)
        {
            if (_native is { } loaded) return loaded;
            if (_failure is { } failure) throw failure;
            try
            {
                _native = LoadNativeLibraries();
                return _native;
            }
            catch (TorchUnavailableException e)
            {
                _failure = e;
                throw;
            }
            catch (Exception e)
            {
                _failure = new TorchUnavailableException($"TorchSharp could not be loaded: {e.Message}", e);
                throw _failure;
            }
        }
    }

    private static NativeLibraries LoadNativeLibraries()
    {
        var original = FindNative(NativeFile, TorchSharpPackageDirectories())
            ?? throw new TorchUnavailableException($"TorchSharp could not be loaded: {NativeFile} was not found in {string.Join(", ", TorchSharpPackageDirectories())}; reference the TorchSharp package");
        // A CUDA libtorch the user names comes first; when it is refused (wrong version, not CUDA, unloadable) nothing of it
        // stays loaded and the bundled CPU libtorch is used, so the CPU keeps working and the reason is kept for Device.Cuda.
        string? userProblem = null;
        IReadOnlyDictionary<string, IntPtr>? user = null;
        string? libtorch = null;
        try
        {
            if (UserLibTorch.Discover() is { } found)
            {
                user = found.Load();
                libtorch = Path.Combine(found.Directory, "libtorch.so");
            }
        }
        catch (TorchUnavailableException e)
        {
            userProblem = e.Message;
            Console.Error.WriteLine($"warning: {userProblem}; using the bundled CPU libtorch");
        }
        libtorch ??= FindNative("libtorch.so", LibTorchDirectories())
            ?? throw new TorchUnavailableException($"TorchSharp could not be loaded: libtorch.so was not found in {string.Join(", ", LibTorchDirectories())}; reference {LibTorchPackage} 2.10.0");
        var cache = CacheRoot();
        NativeLoadPlan plan;
        try
        {
            plan = NativeLoadPlan.Prepare(original, libtorch, SystemCppVersions(), cache);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TorchUnavailableException(
                $"TorchSharp could not be loaded: this system's C++ runtime lacks {MissingVersion}, so a patched copy of {NativeFile} is needed, " +
                $"and it could not be written under {cache} (set XDG_CACHE_HOME to a writable folder): {e.Message}", e);
        }
        var directory = Path.GetDirectoryName(libtorch)!;
        try
        {
            // libtorch_cpu first: TorchSharp's own library needs it, and TorchSharp asks for it by name before its own.
            var torchCpu = NativeLibrary.Load(Path.Combine(directory, "libtorch_cpu.so"));
            return new NativeLibraries(plan.Library, plan.Patched, directory, NativeLibrary.Load(plan.Library), torchCpu,
                user?.GetValueOrDefault("libtorch_cuda.so") ?? IntPtr.Zero, userProblem);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchUnavailableException($"TorchSharp could not be loaded: the loader refused {plan.Library}: {e.Message}", e);
        }
    }

    /// <summary>TorchSharp's P/Invokes: its own library and libtorch's CPU library from the files loaded here, the rest as usual.</summary>
    /// <remarks>TorchSharp's loader itself searches by name (<c>NativeLibrary.TryLoad</c>), which this resolver does not
    /// answer; <see cref="Prepare"/> has loaded the libraries by then, and the search finds them by name.</remarks>
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name switch
    {
        NativeName => LoadNative().Handle,
        TorchCpuName => LoadNative().TorchCpu,
        TorchCudaName => LoadNative().TorchCuda,
        _ => IntPtr.Zero,
    };

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
