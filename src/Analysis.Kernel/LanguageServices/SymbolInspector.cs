using System.Text;
using Microsoft.CodeAnalysis;

namespace Analysis.Kernel.LanguageServices;

/// <summary>
/// Describes the symbol at the cursor for <c>inspect_reply</c>: its signature, then its
/// documentation summary; detail level 1 adds parameters, return value, exceptions and remarks.
/// </summary>
internal static class SymbolInspector
{
    private static readonly SymbolDisplayFormat Format = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType |
            SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef |
            SymbolDisplayMemberOptions.IncludeConstantValue | SymbolDisplayMemberOptions.IncludeExplicitInterface,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword | SymbolDisplayKindOptions.IncludeNamespaceKeyword,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
            SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeDefaultValue |
            SymbolDisplayParameterOptions.IncludeExtensionThis,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        localOptions: SymbolDisplayLocalOptions.IncludeType | SymbolDisplayLocalOptions.IncludeRef | SymbolDisplayLocalOptions.IncludeConstantValue,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers |
            SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier | SymbolDisplayMiscellaneousOptions.AllowDefaultLiteral);

    // Cells' variables and functions are members of a generated submission class the user never sees.
    private static readonly SymbolDisplayFormat ScriptMemberFormat = Format.RemoveMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType);

    public static async Task<InspectionResult?> InspectAsync(Document document, int position, int detailLevel, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellation).ConfigureAwait(false);
        if (root is null || model is null) return null;
        if (SymbolAtCursor.Find(root, model, position, cancellation) is not { } found) return null;

        var signature = Signature(found.Symbol, model, found.Position);
        var docs = Documentation(found.Symbol, cancellation);
        return new InspectionResult(Render(signature, docs, detailLevel, markdown: false), Render(signature, docs, detailLevel, markdown: true));
    }

    private static string Signature(ISymbol symbol, SemanticModel model, int position)
    {
        bool inScript = symbol.ContainingType?.IsScriptClass == true;
        var text = symbol switch
        {
            INamespaceSymbol or ITypeSymbol => symbol.ToDisplayString(Format),
            _ => symbol.ToMinimalDisplayString(model, position, inScript ? ScriptMemberFormat : Format),
        };
        var label = symbol switch
        {
            ILocalSymbol { IsConst: true } => "(local constant) ",
            ILocalSymbol => "(local variable) ",
            IParameterSymbol => "(parameter) ",
            IRangeVariableSymbol => "(range variable) ",
            IFieldSymbol when inScript => "(variable) ",
            IFieldSymbol { IsConst: true } => "(constant) ",
            IFieldSymbol => "(field) ",
            _ => "",
        };
        int overloads = Overloads(symbol);
        return label + text + (overloads > 0 ? $" (+ {overloads} overload{(overloads == 1 ? "" : "s")})" : "");
    }

    private static int Overloads(ISymbol symbol) =>
        symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor or MethodKind.ReducedExtension } method
            ? (method.ReducedFrom ?? method).ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count() - 1
            : 0;

    private static DocumentationText Documentation(ISymbol symbol, CancellationToken cancellation)
    {
        var definition = ((symbol as IMethodSymbol)?.ReducedFrom ?? symbol).OriginalDefinition;
        // Overrides often say only <inheritdoc/>: the member they override has the text.
        for (var source = definition; source is not null; source = Overridden(source))
        {
            var docs = Comment(source, cancellation);
            if (docs.HasSummary) return docs;
        }
        // A variable has no comment of its own; its type's summary tells what it holds.
        return VariableType(definition) is { } type ? Comment(type, cancellation).SummaryOnly() : DocumentationText.None;
    }

    private static DocumentationText Comment(ISymbol symbol, CancellationToken cancellation) =>
        DocumentationText.Parse(symbol.OriginalDefinition.GetDocumentationCommentXml(expandIncludes: true, cancellationToken: cancellation));

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        IEventSymbol e => e.OverriddenEvent,
        _ => null,
    };

    private static ITypeSymbol? VariableType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field when field.ContainingType.IsScriptClass => field.Type,
        _ => null,
    };

    private static string Render(string signature, DocumentationText docs, int detailLevel, bool markdown)
    {
        var text = new StringBuilder(markdown ? $"```csharp\n{signature}\n```\n" : $"{signature}\n");
        var summary = docs.Summary(markdown);
        if (summary.Length > 0) text.Append(markdown ? "\n" : "").Append(summary).Append('\n');
        if (detailLevel > 0)
        {
            AppendList(text, "Type parameters", docs.TypeParameters(markdown), markdown);
            AppendList(text, "Parameters", docs.Parameters(markdown), markdown);
            AppendSection(text, "Returns", docs.Returns(markdown), markdown);
            AppendList(text, "Exceptions", docs.Exceptions(markdown), markdown);
            AppendSection(text, "Remarks", docs.Remarks(markdown), markdown);
        }
        return text.ToString().TrimEnd();
    }

    private static void AppendList(StringBuilder text, string title, IEnumerable<(string Name, string Text)> entries, bool markdown)
    {
        var lines = entries.Select(e => markdown ? $"- `{e.Name}`: {e.Text}" : $"{e.Name}: {e.Text}").ToArray();
        if (lines.Length > 0) AppendSection(text, title, string.Join('\n', lines), markdown);
    }

    private static void AppendSection(StringBuilder text, string title, string body, bool markdown)
    {
        if (body.Length == 0) return;
        // Plain text has no headings, so the body is indented under its title instead.
        var content = markdown ? body : string.Join('\n', body.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));
        text.Append('\n').Append(markdown ? $"**{title}**\n\n" : $"{title}:\n").Append(content).Append('\n');
    }
}
