using System.Reflection;
using System.Runtime.CompilerServices;
using Analysis.Kernel.Display;
using Analysis.ML.Torch;

namespace Analysis.Extensions;

/// <summary>
/// Makes TorchSharp work in any cell, the session's first use or not, without touching it at kernel start-up.
/// </summary>
/// <remarks>
/// <para>TorchSharp loads its native libraries once, in the type initializer of its <c>torch</c> class. On systems whose C++
/// runtime lacks <c>GLIBCXX_3.4.32</c> (Debian 12, RHEL 9) its own search refuses the package's library, and a failed
/// type initializer stays failed for the rest of the process; <see cref="TorchRuntime.Prepare"/> loads the right files
/// first. It must run after TorchSharp's assembly is loaded and before the <c>torch</c> type is first used, and
/// loading libtorch takes time and memory a session that never uses torch should not pay.</para>
/// <para>So the kernel does not load TorchSharp at start-up (cells compile against the file, see
/// <see cref="Analysis.Kernel.Extensions.KernelExtensionContext.ReferenceFiles"/>), and this hook runs
/// <see cref="TorchRuntime.Prepare"/> from <see cref="AppDomain.AssemblyLoad"/> when TorchSharp's assembly loads, which the
/// runtime does when a cell first runs code that needs it, before that code runs; it also registers the tensor
/// formatters then. A <c>#r "nuget: TorchSharp, …"</c> of the same version changes nothing (the runtime keeps the
/// kernel's copy); another version is refused by the kernel's package loader with both versions named.</para>
/// <para>When the libraries cannot be loaded the reason is written to the cell's error stream (the runtime ignores
/// exceptions from assembly-load handlers) and the cell then fails in TorchSharp's initializer; other cells go on running.</para>
/// </remarks>
public static class TorchSharpHook
{
    private const string TorchSharpName = "TorchSharp";
    private static int _prepared;

    /// <summary>Where the kernel's TorchSharp assembly is: beside Analysis.ML.Torch, which is built against it.</summary>
    public static string AssemblyPath => Path.Combine(Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location)!, TorchSharpName + ".dll");

    /// <summary>Prepares TorchSharp when its assembly loads (at once if it is loaded already) and registers the tensor formatters in <paramref name="formatters"/>.</summary>
    public static void Install(FormatterRegistry formatters)
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
        {
            if (IsTorchSharp(e.LoadedAssembly)) Prepare(formatters);
        };
        // Loaded before the handler was there (another extension, a host that used it): prepare now.
        if (AppDomain.CurrentDomain.GetAssemblies().Any(IsTorchSharp)) Prepare(formatters);
    }

    /// <summary>Whether TorchSharp has been loaded into the process (the kernel does not load it at start-up).</summary>
    public static bool TorchSharpLoaded => AppDomain.CurrentDomain.GetAssemblies().Any(IsTorchSharp);

    private static bool IsTorchSharp(Assembly assembly) => !assembly.IsDynamic && assembly.GetName().Name == TorchSharpName;

    // Never inlined into the handler: compiling code that names TorchSharp's types would itself load the assembly.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Prepare(FormatterRegistry formatters)
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 1) return;
        DomainFormatters.AddTensors(formatters);
        try
        {
            TorchRuntime.Prepare();
        }
        catch (TorchUnavailableException e)
        {
            // Exceptions thrown here never reach the cell; TorchSharp's own message, which follows, blames a missing package.
            Console.Error.WriteLine(e.Message);
        }
    }
}
