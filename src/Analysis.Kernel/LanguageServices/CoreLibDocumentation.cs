using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Xml;
using Analysis.Kernel.Execution;
using Microsoft.CodeAnalysis;

namespace Analysis.Kernel.LanguageServices;

/// <summary>
/// Documentation for System.Private.CoreLib. Cells compile against the runtime's own
/// assemblies, and the reference pack has no CoreLib.xml: the docs of <c>List&lt;T&gt;</c> or
/// <c>Math</c> live in the XML files of the facades that forward those types (System.Collections,
/// System.Runtime...). This provider follows the runtime's type forwards to find them.
/// </summary>
internal sealed class CoreLibDocumentation : DocumentationProvider
{
    private const string CoreLibName = "System.Private.CoreLib";

    private static readonly Lazy<CoreLibDocumentation?> Shared = new(() =>
        ReferenceCatalog.ReferencePackDirectory() is { } pack ? new CoreLibDocumentation(pack) : null);

    private readonly Lazy<IReadOnlyDictionary<string, string[]>> _docFilesByType;
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, string>>> _members = new(StringComparer.Ordinal);

    private CoreLibDocumentation(string referencePack) =>
        _docFilesByType = new(() => IndexForwardedTypes(referencePack));

    /// <summary>The references with CoreLib's replaced by one that carries this documentation.</summary>
    public static IReadOnlyList<MetadataReference> Apply(IEnumerable<MetadataReference> references) =>
        references.Select(r => r is PortableExecutableReference { FilePath: { } path } pe && Shared.Value is { } docs &&
                Path.GetFileNameWithoutExtension(path) == CoreLibName && pe.GetMetadata() is AssemblyMetadata metadata
            ? metadata.GetReference(documentation: docs, filePath: path, display: pe.Display)
            : r).ToArray();

    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default)
    {
        foreach (var typeName in EnclosingTypeNames(documentationMemberID))
        {
            if (!_docFilesByType.Value.TryGetValue(typeName, out var files)) continue;
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Members(file).TryGetValue(documentationMemberID, out var xml)) return xml;
            }
        }
        return null;
    }

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    /// <summary>
    /// Candidate type names for a documentation id, innermost first: "M:A.B`1.C.M(System.Int32)"
    /// gives "A.B`1.C", "A.B`1", "A"; forwards list only top-level types, so nested ones need the walk.
    /// </summary>
    internal static IEnumerable<string> EnclosingTypeNames(string documentationId)
    {
        if (documentationId.Length < 3 || documentationId[1] != ':') yield break;
        var name = documentationId[2..];
        int paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        if (documentationId[0] != 'T')
        {
            int dot = name.LastIndexOf('.');
            if (dot < 0) yield break;
            name = name[..dot];
        }
        for (; name.Length > 0; name = name[..Math.Max(0, name.LastIndexOf('.'))])
            yield return name;
    }

    private IReadOnlyDictionary<string, string> Members(string file) =>
        _members.GetOrAdd(file, f => new Lazy<IReadOnlyDictionary<string, string>>(() => ReadMembers(f))).Value;

    private static Dictionary<string, string> ReadMembers(string file)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        reader.MoveToContent();
        while (!reader.EOF)
        {
            // ReadOuterXml already moves to the next node, so only Read() when not on a member.
            if (reader is { NodeType: XmlNodeType.Element, Name: "member" } && reader.GetAttribute("name") is { } name)
                members[name] = reader.ReadOuterXml();
            else
                reader.Read();
        }
        return members;
    }

    /// <summary>For each type the runtime's facades forward to CoreLib, the reference-pack XML files of those facades.</summary>
    private static IReadOnlyDictionary<string, string[]> IndexForwardedTypes(string referencePack)
    {
        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var facade in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            var xml = Path.Combine(referencePack, Path.GetFileNameWithoutExtension(facade) + ".xml");
            if (!File.Exists(xml)) continue;
            foreach (var type in TypesForwardedToCoreLib(facade))
            {
                if (!files.TryGetValue(type, out var list)) files[type] = list = [];
                list.Add(xml);
            }
        }
        return files.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private static List<string> TypesForwardedToCoreLib(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        try
        {
            if (!pe.HasMetadata) return [];
        }
        catch (BadImageFormatException)
        {
            return [];
        }
        var metadata = pe.GetMetadataReader();
        var types = new List<string>();
        foreach (var handle in metadata.ExportedTypes)
        {
            var exported = metadata.GetExportedType(handle);
            if (exported.Implementation.Kind != HandleKind.AssemblyReference) continue;
            var target = metadata.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation);
            if (!metadata.StringComparer.Equals(target.Name, CoreLibName)) continue;
            var ns = metadata.GetString(exported.Namespace);
            var name = metadata.GetString(exported.Name);
            types.Add(ns.Length == 0 ? name : ns + "." + name);
        }
        return types;
    }
}
