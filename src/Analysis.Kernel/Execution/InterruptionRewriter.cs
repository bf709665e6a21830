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
        return new InterruptionRewriter().Visit(root).ToFullString();
    }

    private static bool NeedsCheck(SyntaxNode node) => node is
        WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or
        BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax;

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(WithCheck(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(WithCheck(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(WithCheck(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(WithCheck(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(WithCheck(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        var visited = (BlockSyntax)base.VisitBlock(node)!;
        // Bodies of methods, local functions, lambdas and accessors: recursion and callbacks can spin too.
        if (node.Parent is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax)
            return PrependCheck(visited);
        return visited;
    }

    private static StatementSyntax WithCheck(StatementSyntax original, StatementSyntax visited)
    {
        // A block body already got its check in VisitBlock if it is a function body; loop
        // bodies are blocks whose parent is the loop, so they are handled here.
        if (visited is BlockSyntax block) return PrependCheck(block);
        return SyntaxFactory.Block(CheckStatement, visited.WithoutTrivia())
            .WithLeadingTrivia(original.GetLeadingTrivia())
            .WithTrailingTrivia(original.GetTrailingTrivia());
    }

    private static BlockSyntax PrependCheck(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, CheckStatement));
}
