using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Analysis.Kernel.LanguageServices;

/// <summary>A symbol found at the cursor, and a position where its names are in scope.</summary>
internal sealed record CursorSymbol(ISymbol Symbol, int Position);

/// <summary>
/// Finds what the user means by the cursor position: the name under it, the name just
/// before it (the cursor usually sits after what was typed), or else the method whose
/// argument list it is in, as in <c>Math.Max(|</c>.
/// </summary>
internal static class SymbolAtCursor
{
    public static CursorSymbol? Find(SyntaxNode root, SemanticModel model, int position, CancellationToken cancellation)
    {
        foreach (var token in NamesAt(root, position))
        {
            if (FromNode(token.Parent!, model, cancellation) is { } symbol) return new(symbol, token.SpanStart);
        }
        return EnclosingCall(root, position) is { } call && FromNode(call, model, cancellation) is { } callee
            ? new(callee, call.SpanStart)
            : null;
    }

    private static IEnumerable<SyntaxToken> NamesAt(SyntaxNode root, int position)
    {
        foreach (var at in (int[])[position, position - 1])
        {
            if (at < 0 || at >= root.FullSpan.End) continue;
            var token = root.FindToken(at);
            if (token.Span.Contains(at) && token.Parent is not null &&
                (token.IsKind(SyntaxKind.IdentifierToken) || SyntaxFacts.IsPredefinedType(token.Kind())))
                yield return token;
        }
    }

    private static ISymbol? FromNode(SyntaxNode node, SemanticModel model, CancellationToken cancellation)
    {
        var info = model.GetSymbolInfo(node, cancellation);
        if (info.Symbol is { } symbol) return symbol;
        // An unresolved call or a bare method group: any overload names the method.
        if (!info.CandidateSymbols.IsEmpty) return info.CandidateSymbols[0];
        var group = model.GetMemberGroup(node, cancellation);
        if (!group.IsEmpty) return group[0];
        return model.GetDeclaredSymbol(node, cancellation);
    }

    /// <summary>The call, object creation or indexer whose argument list holds the cursor.</summary>
    private static SyntaxNode? EnclosingCall(SyntaxNode root, int position)
    {
        if (position <= 0) return null;
        var token = root.FindToken(Math.Min(position, root.FullSpan.End) - 1);
        foreach (var arguments in token.Parent?.AncestorsAndSelf().OfType<BaseArgumentListSyntax>() ?? [])
        {
            var open = arguments.GetFirstToken(includeZeroWidth: true);
            var close = arguments.GetLastToken(includeZeroWidth: true);
            if (position <= open.SpanStart || !close.IsMissing && position > close.SpanStart) continue;
            return arguments.Parent is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ElementAccessExpressionSyntax
                ? arguments.Parent
                : null;
        }
        return null;
    }
}
