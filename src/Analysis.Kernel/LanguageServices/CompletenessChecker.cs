using Analysis.Kernel.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Analysis.Kernel.LanguageServices;

/// <summary>
/// Decides whether a cell can run, needs more lines, or is broken, from its syntax alone.
/// A cell needs more lines when every syntax error sits past its last token (a missing
/// <c>}</c>, <c>)</c> or <c>;</c>) or inside a string or comment that is still open at the end.
/// </summary>
internal static class CompletenessChecker
{
    private const int IndentWidth = 4;

    public static CompletenessResult Check(string cell)
    {
        var code = CellText.WithoutMagics(cell);
        if (string.IsNullOrWhiteSpace(code)) return new CompletenessResult(Completeness.Complete, "");

        var tree = CSharpSyntaxTree.ParseText(code, ScriptSession.ParseOptions);
        var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length == 0) return new CompletenessResult(Completeness.Complete, "");

        var root = tree.GetRoot();
        var lastToken = root.GetLastToken(includeSkipped: true, includeDirectives: true, includeDocumentationComments: true);
        int contentEnd = lastToken.RawKind == 0 ? 0 : lastToken.Span.End;
        var open = OpenAtEnd(root, lastToken);
        bool moreTextCanFix = errors.All(d =>
            d.Location.SourceSpan.Start >= contentEnd || open is { } span && span.Contains(d.Location.SourceSpan.Start));
        if (!moreTextCanFix) return new CompletenessResult(Completeness.Invalid, "");

        // Spaces typed inside an open string would become part of its value.
        var indent = open is null ? new string(' ', IndentWidth * Math.Max(1, BraceDepth(root))) : "";
        return new CompletenessResult(Completeness.Incomplete, indent);
    }

    /// <summary>
    /// The span of a verbatim or raw string, or a block comment, that is still open at the end
    /// of the code. A regular string cannot span lines, so an open one is an error, not this.
    /// </summary>
    private static TextSpan? OpenAtEnd(SyntaxNode root, SyntaxToken lastToken)
    {
        var eof = root.GetLastToken(includeZeroWidth: true);
        var comment = lastToken.TrailingTrivia.Concat(eof.LeadingTrivia).FirstOrDefault(IsOpenComment);
        if (comment.RawKind != 0) return comment.Span;
        if (lastToken.ContainsDiagnostics && IsMultiLineLiteral(lastToken)) return lastToken.Span;
        return lastToken.Parent?.FirstAncestorOrSelf<InterpolatedStringExpressionSyntax>() is { StringEndToken.IsMissing: true } interpolated &&
            interpolated.StringStartToken.Kind() is SyntaxKind.InterpolatedVerbatimStringStartToken
                or SyntaxKind.InterpolatedSingleLineRawStringStartToken or SyntaxKind.InterpolatedMultiLineRawStringStartToken
            ? interpolated.Span
            : null;
    }

    private static bool IsOpenComment(SyntaxTrivia trivia)
    {
        if (!trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)) return false;
        var text = trivia.ToString();
        // "/*/" ends in "*/" yet is still open: the closer cannot share the opener's star.
        return text.Length < 4 || !text.EndsWith("*/", StringComparison.Ordinal);
    }

    private static bool IsMultiLineLiteral(SyntaxToken token) => token.Kind() switch
    {
        SyntaxKind.StringLiteralToken or SyntaxKind.Utf8StringLiteralToken => token.Text.StartsWith('@'),
        SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or
            SyntaxKind.Utf8SingleLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken => true,
        _ => false,
    };

    private static int BraceDepth(SyntaxNode root)
    {
        int depth = 0;
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsMissing) continue;
            if (token.IsKind(SyntaxKind.OpenBraceToken)) depth++;
            else if (token.IsKind(SyntaxKind.CloseBraceToken)) depth = Math.Max(0, depth - 1);
        }
        return depth;
    }
}
