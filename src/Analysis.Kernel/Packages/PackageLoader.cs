using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Analysis.Kernel.Packages;

/// <summary>
/// Makes restored packages loadable in this process. Cells compile against a package's
/// compile assets, which may be reference assemblies that cannot run; when the runtime asks
/// for one of its assemblies by name, this answers with the runtime asset instead, and it
/// points native library lookups (<c>[DllImport("e_sqlite3")]</c>) at the restored files.
/// </summary>
/// <remarks>
/// Assemblies go into the default context, once: a type then has one identity whichever
/// context (the scripting engine makes one per submission and per loaded file) asked first.
/// Names the framework or the host already provides never reach these handlers, because the
/// default context resolves them first: the loaded copy is preferred.
/// </remarks>
public static class PackageLoader
{
    private static readonly ConcurrentDictionary<string, string> Managed = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, string> Native = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConditionalWeakTable<AssemblyLoadContext, object> Hooked = new();
    private static readonly object Marker = new();
    private static readonly Lazy<bool> Installed = new(Install);

    /// <summary>Registers the runtime and native assets of <paramref name="result"/> and loads its native libraries.</summary>
    public static void Register(RestoreResult result)
    {
        _ = Installed.Value;
        foreach (var package in result.Packages)
        {
            foreach (var path in package.RuntimeAssets.Where(p => !SharedFramework.Provides(p)))
                Managed[Path.GetFileNameWithoutExtension(path)] = path;
            foreach (var path in package.NativeAssets.Where(IsLoadableNative))
                Native[NativeName(path)] = path;
        }
        Preload(result.Packages.SelectMany(p => p.NativeAssets).Where(IsLoadableNative));
    }

    /// <summary>The restored runtime asset registered for an assembly's simple name, if any.</summary>
    public static string? RuntimeAssetFor(string simpleName) => Managed.GetValueOrDefault(simpleName);

    /// <summary>
    /// The name native lookups are matched by: file name without directory, <c>lib</c> prefix and
    /// extension, so <c>e_sqlite3</c>, <c>libe_sqlite3.so</c> and <c>libsodium.so.26</c> compare as restored files do.
    /// </summary>
    public static string NativeName(string libraryName)
    {
        var name = Path.GetFileName(libraryName);
        int so = name.IndexOf(".so", StringComparison.Ordinal);
        if (so > 0 && (so + 3 == name.Length || name[so + 3] == '.')) name = name[..so];
        foreach (var extension in new[] { ".dylib", ".dll" })
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) name = name[..^extension.Length];
        return name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3 ? name[3..] : name;
    }

    private static bool Install()
    {
        // Contexts made later (the scripting engine's) are hooked when their first assembly loads.
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Hook(AssemblyLoadContext.GetLoadContext(e.LoadedAssembly));
        foreach (var context in AssemblyLoadContext.All) Hook(context);
        return true;
    }

    private static void Hook(AssemblyLoadContext? context)
    {
        if (context is null || !Hooked.TryAdd(context, Marker)) return;
        context.Resolving += OnResolving;
        context.ResolvingUnmanagedDll += OnResolvingUnmanagedDll;
    }

    private static Assembly? OnResolving(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || !Managed.TryGetValue(name.Name, out var path)) return null;
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        return loaded ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    private static IntPtr OnResolvingUnmanagedDll(Assembly requester, string libraryName) =>
        Native.TryGetValue(NativeName(libraryName), out var path) && NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;

    /// <summary>
    /// Loads native libraries by full path, so a later lookup by bare name finds the restored file
    /// rather than a system copy. A library needing a sibling that is not loaded yet fails at first,
    /// so passes repeat while any succeeds; what still fails is left for the lookup to report.
    /// </summary>
    private static void Preload(IEnumerable<string> paths)
    {
        var pending = paths.Distinct().ToList();
        int before;
        do
        {
            before = pending.Count;
            pending.RemoveAll(path => NativeLibrary.TryLoad(path, out _));
        }
        while (pending.Count > 0 && pending.Count < before);
    }

    private static bool IsLoadableNative(string path)
    {
        var name = Path.GetFileName(path);
        return OperatingSystem.IsWindows() ? name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            : OperatingSystem.IsMacOS() ? name.EndsWith(".dylib", StringComparison.Ordinal) || name.Contains(".so", StringComparison.Ordinal)
            : name.Contains(".so", StringComparison.Ordinal);
    }
}
