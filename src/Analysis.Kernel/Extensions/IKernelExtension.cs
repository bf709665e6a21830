using System.Reflection;
using Analysis.Kernel.Display;
using Analysis.Kernel.Execution;
using Analysis.Kernel.Magics;

namespace Analysis.Kernel.Extensions;

/// <summary>
/// Plugs a library into the kernel at start-up: registers formatters and magics, and adds the
/// assemblies and namespaces cells can use without <c>#r</c>. Name the type in an assembly-level
/// <see cref="KernelExtensionAttribute"/> and put the assembly beside the kernel; the kernel
/// finds and loads it.
/// </summary>
public interface IKernelExtension
{
    /// <summary>A short name, shown by <c>#!extensions</c>.</summary>
    string Name { get; }

    /// <summary>Registers what the extension adds.</summary>
    void Load(KernelExtensionContext context);
}

/// <summary>Names an <see cref="IKernelExtension"/> (with a public parameterless constructor) that the kernel loads at start-up.</summary>
/// <param name="extensionType">The extension's type.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class KernelExtensionAttribute(Type extensionType) : Attribute
{
    /// <summary>The extension's type.</summary>
    public Type ExtensionType { get; } = extensionType;
}

/// <summary>What an extension can change while it loads.</summary>
/// <param name="Formatters">The kernel's formatter registry.</param>
/// <param name="Magics">The kernel's magics.</param>
/// <param name="Session">The script session the cells run in; null when the extension is loaded outside a kernel (e.g. into a bare registry).</param>
public sealed record KernelExtensionContext(FormatterRegistry Formatters, MagicRegistry Magics, ScriptSession? Session)
{
    private readonly List<string> _assemblies = [];
    private readonly List<string> _imports = [];

    /// <summary>The assemblies this extension made referable from cells.</summary>
    public IReadOnlyList<string> Assemblies => _assemblies;

    /// <summary>The namespaces this extension imported into cells.</summary>
    public IReadOnlyList<string> Imports => _imports;

    /// <summary>Lets cells use the public types of <paramref name="assemblies"/> without <c>#r</c>.</summary>
    public KernelExtensionContext Reference(params Assembly[] assemblies)
    {
        Session?.AddReferences(assemblies.Select(ReferenceCatalog.FromAssembly));
        _assemblies.AddRange(assemblies.Select(a => a.GetName().Name!));
        return this;
    }

    /// <summary>
    /// Lets cells use the public types of the assemblies at <paramref name="paths"/> without loading them into the process
    /// now: cells compile against the files, and the runtime loads an assembly when a cell first runs code that needs it.
    /// </summary>
    /// <remarks>For assemblies whose loading costs something or must be noticed when it happens (an extension can watch
    /// <see cref="AppDomain.AssemblyLoad"/>); <see cref="Reference"/> needs them loaded already.</remarks>
    public KernelExtensionContext ReferenceFiles(params string[] paths)
    {
        Session?.AddReferences(paths.Select(p => ReferenceCatalog.FromFile(p)));
        _assemblies.AddRange(paths.Select(Path.GetFileNameWithoutExtension).OfType<string>());
        return this;
    }

    /// <summary>Imports <paramref name="namespaces"/> into every later cell (each import costs a little compile time per cell).</summary>
    public KernelExtensionContext Import(params string[] namespaces)
    {
        Session?.AddImports(namespaces);
        _imports.AddRange(namespaces);
        return this;
    }
}
