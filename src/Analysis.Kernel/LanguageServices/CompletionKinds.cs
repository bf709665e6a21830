using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Tags;

namespace Analysis.Kernel.LanguageServices;

/// <summary>Short lower-case names for what a completion item is, as Jupyter front ends show them.</summary>
internal static class CompletionKinds
{
    /// <summary>What a script-level field is called: cells know it as a variable, not a member of a hidden class.</summary>
    public const string Variable = "variable";

    private static readonly Dictionary<string, string> ByTag = new(StringComparer.Ordinal)
    {
        [WellKnownTags.Method] = "method",
        [WellKnownTags.ExtensionMethod] = "method",
        [WellKnownTags.Property] = "property",
        [WellKnownTags.Field] = "field",
        [WellKnownTags.Event] = "event",
        [WellKnownTags.Local] = "local",
        [WellKnownTags.Parameter] = "parameter",
        [WellKnownTags.RangeVariable] = Variable,
        [WellKnownTags.Constant] = "constant",
        [WellKnownTags.EnumMember] = "enum member",
        [WellKnownTags.Class] = "class",
        [WellKnownTags.Structure] = "struct",
        [WellKnownTags.Interface] = "interface",
        [WellKnownTags.Enum] = "enum",
        [WellKnownTags.Delegate] = "delegate",
        [WellKnownTags.TypeParameter] = "type parameter",
        [WellKnownTags.Namespace] = "namespace",
        [WellKnownTags.Keyword] = "keyword",
        [WellKnownTags.Intrinsic] = "keyword",
        [WellKnownTags.Label] = "label",
        [WellKnownTags.Operator] = "operator",
        [WellKnownTags.Module] = "module",
        [WellKnownTags.Assembly] = "assembly",
        [WellKnownTags.File] = "file",
        [WellKnownTags.Folder] = "folder",
    };

    /// <summary>The kind named by the first tag that names one (tags also carry accessibility), or "text".</summary>
    public static string FromTags(ImmutableArray<string> tags)
    {
        foreach (var tag in tags)
        {
            if (ByTag.TryGetValue(tag, out var kind)) return kind;
        }
        return "text";
    }
}
