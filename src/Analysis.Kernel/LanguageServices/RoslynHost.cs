using System.Composition.Hosting;
using Microsoft.CodeAnalysis.Host;
using Microsoft.CodeAnalysis.Host.Mef;

namespace Analysis.Kernel.LanguageServices;

/// <summary>Roslyn's language services, minus the completion providers a notebook cannot use.</summary>
internal static class RoslynHost
{
    /// <summary>
    /// Providers left out, by type name. The import providers offer names from namespaces the
    /// cell has not imported: inserted as plain text they would not compile, and computing them
    /// took most of each completion's time. Snippets expand to templates Jupyter cannot insert.
    /// Should Roslyn rename them, they come back, which costs time but breaks nothing.
    /// </summary>
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal)
    {
        "TypeImportCompletionProvider",
        "ExtensionMemberImportCompletionProvider",
        "SnippetCompletionProvider",
        "CSharpSnippetCompletionProvider",
    };

    private static readonly Lazy<HostServices> Shared = new(() =>
    {
        var parts = MefHostServices.DefaultAssemblies
            .SelectMany(a => a.DefinedTypes)
            .Where(t => !Excluded.Contains(t.Name))
            .Select(t => t.AsType());
        return MefHostServices.Create(new ContainerConfiguration().WithParts(parts).CreateContainer());
    });

    /// <summary>The services, composed once per process.</summary>
    public static HostServices Services => Shared.Value;
}
