using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.Tags;
using Microsoft.CodeAnalysis.Text;

namespace Analysis.Kernel.LanguageServices;

/// <summary>
/// Turns Roslyn's completion list into what <c>complete_reply</c> carries: the items that
/// start with the text typed so far, exact-case matches first, each as the text to insert.
/// </summary>
internal static class CodeCompletion
{
    public static async Task<CompletionResult> CompleteAsync(Document document, int position, CancellationToken cancellation)
    {
        var service = CompletionService.GetService(document);
        if (service is null) return Empty(position);
        var list = await service.GetCompletionsAsync(document, position, cancellationToken: cancellation).ConfigureAwait(false);
        if (list.ItemsList.Count == 0) return Empty(position);

        var text = await document.GetTextAsync(cancellation).ConfigureAwait(false);
        var span = list.Span;
        var typed = position > span.Start ? text.ToString(TextSpan.FromBounds(span.Start, position)) : "";
        var items = list.ItemsList
            .Where(i => IsPlainInsertion(i) && i.FilterText.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(i => i.FilterText.StartsWith(typed, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(i => i.SortText, StringComparer.OrdinalIgnoreCase)
            .ThenBy(i => i.DisplayText, StringComparer.Ordinal)
            .DistinctBy(i => i.DisplayText)
            .ToArray();
        var variables = IsMemberAccess(text, span.Start)
            ? new HashSet<string>()
            : await ScriptVariablesAsync(document, cancellation).ConfigureAwait(false);
        return new CompletionResult(
            items.Select(i => i.DisplayText).ToArray(), span.Start, span.End,
            items.Select(i => Kind(i, variables)).ToArray());
    }

    private static CompletionResult Empty(int position) => new([], position, position, []);

    /// <summary>
    /// True when inserting the display text is all the item does. Snippets, indexers
    /// (<c>this[]</c>), conversions (<c>(int)</c>) or overrides rewrite the surrounding code,
    /// which a plain text match cannot express.
    /// </summary>
    private static bool IsPlainInsertion(CompletionItem item) =>
        item.DisplayTextPrefix.Length == 0 && item.DisplayText.Length > 0 && item.DisplayText.IndexOfAny(['(', '[', ' ']) < 0 &&
        !item.Tags.Contains(WellKnownTags.Snippet);

    private static string Kind(CompletionItem item, IReadOnlySet<string> variables)
    {
        var kind = CompletionKinds.FromTags(item.Tags);
        return kind == "field" && variables.Contains(item.DisplayText) ? CompletionKinds.Variable : kind;
    }

    private static bool IsMemberAccess(SourceText text, int start)
    {
        int i = start - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i])) i--;
        return i >= 0 && text[i] is '.' or ':' or '>';
    }

    /// <summary>The fields earlier cells declared: what cells call their variables.</summary>
    private static async Task<IReadOnlySet<string>> ScriptVariablesAsync(Document document, CancellationToken cancellation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var compilation = await document.Project.GetCompilationAsync(cancellation).ConfigureAwait(false);
        for (var cell = compilation?.ScriptCompilationInfo?.PreviousScriptCompilation; cell is not null; cell = cell.ScriptCompilationInfo?.PreviousScriptCompilation)
        {
            if (cell.ScriptClass is null) continue;
            foreach (var field in cell.ScriptClass.GetMembers().OfType<IFieldSymbol>())
            {
                if (!field.IsImplicitlyDeclared) names.Add(field.Name);
            }
        }
        return names;
    }
}
