using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace Analysis.Kernel.Execution;

/// <summary>
/// Builds the metadata references cells compile against: the running framework's own
/// assemblies (Roslyn scripting adds the implementation corlib itself, so reference
/// assemblies would define <c>object</c> twice), with documentation taken from the SDK's
/// reference pack (Microsoft.NETCore.App.Ref) so inspect can show summaries.
/// </summary>
public static class ReferenceCatalog
{
    /// <summary>
    /// The assemblies nearly every notebook uses. Roslyn's cost per cell grows with the
    /// number of references (about 3 ms with these, 15 ms with all 160-odd framework
    /// assemblies), so cells start with these and the session adds <see cref="Framework"/>
    /// the first time a cell names a type from elsewhere.
    /// </summary>
    public static readonly IReadOnlyList<string> CoreAssemblyNames =
    [
        "netstandard", "System.Runtime", "System.Private.CoreLib", "System.Private.Uri", "System.Runtime.Extensions",
        "System.Runtime.InteropServices", "System.Runtime.Numerics", "System.Collections", "System.Collections.Concurrent",
        "System.Collections.Immutable", "System.Collections.NonGeneric", "System.Collections.Specialized", "System.Linq",
        "System.Linq.Expressions", "System.Linq.Parallel", "System.Console", "System.Memory", "System.ObjectModel",
        "System.Threading", "System.Threading.Channels", "System.Threading.Tasks.Parallel", "System.Text.RegularExpressions",
        "System.Text.Json", "System.Text.Encoding.Extensions", "System.IO.Compression", "System.IO.FileSystem",
        "System.Net.Http", "System.Net.Primitives", "System.Web.HttpUtility", "System.Data.Common", "System.Diagnostics.Process",
        "System.Diagnostics.StackTrace", "System.ComponentModel", "System.ComponentModel.Primitives", "System.Globalization",
        "System.Numerics.Vectors", "System.Security.Cryptography", "System.Xml.ReaderWriter", "System.Xml.XDocument",
    ];

    /// <summary>References for the assemblies in <see cref="CoreAssemblyNames"/>.</summary>
    public static IReadOnlyList<MetadataReference> Core() => LazyCore.Value;

    /// <summary>References for the whole .NET base class library.</summary>
    public static IReadOnlyList<MetadataReference> Framework() => LazyFramework.Value;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyFramework = new(() =>
        Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(IsManagedAssembly)
            .Select(FrameworkReference)
            .ToArray());

    private static readonly Lazy<IReadOnlyList<MetadataReference>> LazyCore = new(() =>
        CoreAssemblyNames.Select(name => Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), name + ".dll"))
            .Where(File.Exists)
            .Select(path => LazyFramework.IsValueCreated
                ? LazyFramework.Value.First(r => ((PortableExecutableReference)r).FilePath == path)
                : FrameworkReference(path))
            .ToArray());

    private static readonly Lazy<string?> DocumentationDirectory = new(ReferencePackDirectory);

    private static PortableExecutableReference FrameworkReference(string path)
    {
        var docs = DocumentationDirectory.Value;
        return FromFile(path, docs is null ? null : Path.Combine(docs, Path.GetFileNameWithoutExtension(path) + ".xml"));
    }

    /// <summary>A reference to an assembly file, with its XML documentation when a .xml file sits beside it.</summary>
    public static PortableExecutableReference FromFile(string path, string? documentationPath = null)
    {
        var xml = documentationPath ?? Path.ChangeExtension(path, ".xml");
        return MetadataReference.CreateFromFile(path, documentation: File.Exists(xml) ? XmlDocumentationProvider.CreateFromFile(xml) : null);
    }

    /// <summary>A reference to a loaded assembly (by its file), with documentation when available.</summary>
    public static PortableExecutableReference FromAssembly(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location)
            ? throw new ArgumentException($"Assembly {assembly.GetName().Name} has no file on disk and cannot be referenced.", nameof(assembly))
            : FromFile(assembly.Location);

    /// <summary>The newest reference pack directory matching the running framework's major version, or null.</summary>
    internal static string? ReferencePackDirectory()
    {
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ -> <dotnet root>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.0
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtimeDir)));
        if (root is null) return null;
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        var major = Environment.Version.Major;
        var tfm = $"net{major}.0";
        return Directory.EnumerateDirectories(packs)
            .Where(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) && v.Major == major)
            .OrderByDescending(d => Version.Parse(Path.GetFileName(d).Split('-')[0]))
            .Select(d => Path.Combine(d, "ref", tfm))
            .FirstOrDefault(Directory.Exists);
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
