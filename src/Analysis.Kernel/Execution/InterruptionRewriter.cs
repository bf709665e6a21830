using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Analysis.Kernel.Execution;

/// <summary>
/// Adds a call to <see cref="Interruption.Check"/> at the start of every loop body and every
/// block-bodied method, local function and lambda, so an interrupt can stop code that
/// never awaits or blocks. .NET has no Thread.Abort, so this is how an infinite loop stops.
/// The calls are added without line breaks, so line numbers in stack traces stay right.
/// </summary>
internal sealed class InterruptionRewriter : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax CheckStatement = SyntaxFactory.ParseStatement(
        "global::Analysis.Kernel.Execution.Interruption.Check();");

    /// <summary>Returns the code with checks inserted, or the code unchanged when it has no loops or bodies.</summary>
    public static string Rewrite(string code, CSharpParseOptions options)
    {
        var tree = CSharpSyntaxTree.ParseText(code, options);
        var root = tree.GetRoot();
        if (!root.DescendantNodes().Any(NeedsCheck)) return code;
        return new InterruptionRewriter().Visit(root)!.ToFullString();
    }

    private static bool NeedsCheck(SyntaxNode node) => node is
        WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or
        BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax;

    public override SyntaxNode? Visit(SyntaxNode? node) => base.Visit(node) switch
    {
        WhileStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        DoStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        ForStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        CommonForEachStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        var other => other,
    };

    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        var visited = (BlockSyntax)base.VisitBlock(node)!;
        // Bodies of methods, local functions, lambdas and accessors: recursion and callbacks can spin too.
        if (node.Parent is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax)
            return PrependCheck(visited);
        return visited;
    }

    private static StatementSyntax WithCheck(StatementSyntax body)
    {
        // Loop bodies that are blocks have the loop as parent, so VisitBlock left them alone.
        if (body is BlockSyntax block) return PrependCheck(block);
        return SyntaxFactory.Block(CheckStatement, body.WithoutTrivia())
            .WithLeadingTrivia(body.GetLeadingTrivia())
            .WithTrailingTrivia(body.GetTrailingTrivia());
    }

    private static BlockSyntax PrependCheck(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, CheckStatement));
}
