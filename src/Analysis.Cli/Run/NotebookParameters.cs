using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Analysis.Cli.Run;

/// <summary>A parameter cannot be read or set; the message names the parameter, what was expected and what is known.</summary>
public sealed class ParameterException(string message) : Exception(message);

/// <summary>The scalar kinds a parameter can have.</summary>
public enum ParameterKind
{
    /// <summary>Not one we can set from outside (a parameter whose type we could not tell, or a type we do not convert to).</summary>
    Unsupported,
    /// <summary><c>int</c>.</summary>
    Int,
    /// <summary><c>long</c>.</summary>
    Long,
    /// <summary><c>double</c>.</summary>
    Double,
    /// <summary><c>decimal</c>.</summary>
    Decimal,
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>string</c>.</summary>
    String,
    /// <summary><c>DateOnly</c>.</summary>
    DateOnly,
    /// <summary><c>DateTime</c>.</summary>
    DateTime,
}

/// <summary>A parameter's C# type: a scalar kind, possibly nullable, possibly an array of those.</summary>
/// <param name="Kind">The scalar kind.</param>
/// <param name="Nullable">Null is allowed (of the scalar, or of the array's elements).</param>
/// <param name="Array">A one-dimensional array of the scalar.</param>
/// <param name="Written">How the cell wrote it, for an unsupported type.</param>
public sealed record ParameterType(ParameterKind Kind, bool Nullable = false, bool Array = false, string? Written = null)
{
    /// <summary>The C# spelling, e.g. <c>double?</c> or <c>string[]</c>.</summary>
    public string CSharp => Kind == ParameterKind.Unsupported ? Written ?? "?" : Scalar + (Nullable ? "?" : "") + (Array ? "[]" : "");

    /// <summary>The scalar's C# keyword or type name.</summary>
    public string Scalar => Kind switch
    {
        ParameterKind.Int => "int",
        ParameterKind.Long => "long",
        ParameterKind.Double => "double",
        ParameterKind.Decimal => "decimal",
        ParameterKind.Bool => "bool",
        ParameterKind.String => "string",
        ParameterKind.DateOnly => "DateOnly",
        ParameterKind.DateTime => "DateTime",
        _ => Written ?? "?",
    };

    /// <inheritdoc />
    public override string ToString() => CSharp;
}

/// <summary>One declaration of the parameters cell.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Type">Its type, declared or inferred from the initializer of a <c>var</c>.</param>
/// <param name="Default">The initializer as written.</param>
/// <param name="Description">The comment on the same line, if any.</param>
public sealed record NotebookParameter(string Name, ParameterType Type, string Default, string? Description);

/// <summary>
/// The cell tagged <c>parameters</c> (papermill's convention) read with Roslyn: every top-level variable declaration is a
/// parameter, with its declared C# type, or the type of its literal when declared with <c>var</c>.
/// </summary>
public static class NotebookParameters
{
    /// <summary>The tag of the cell holding the defaults.</summary>
    public const string Tag = "parameters";

    /// <summary>The tag of the cell a run inserts after it with the values it was given.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>The types a settable parameter may have, for messages.</summary>
    public const string Supported = "int, long, double, decimal, bool, string, DateOnly, DateTime, arrays of these, and their nullable forms";

    /// <summary>The index of the parameters cell, or -1.</summary>
    public static int CellIndex(Notebook notebook)
    {
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i]!.AsObject();
            if (cell["cell_type"]?.GetValue<string>() == "code" && Notebook.Tags(cell).Contains(Tag)) return i;
        }
        return -1;
    }

    /// <summary>The parameters the notebook declares (none when it has no parameters cell).</summary>
    /// <exception cref="ParameterException">The parameters cell does not parse as C#; the message gives the line.</exception>
    public static IReadOnlyList<NotebookParameter> Read(Notebook notebook)
    {
        var index = CellIndex(notebook);
        return index < 0 ? [] : Parse(Notebook.Source(notebook.Cells[index]!.AsObject()), $"{notebook.Path}: the parameters cell (cell {index + 1})");
    }

    /// <summary>Reads the declarations of a parameters cell's source.</summary>
    /// <exception cref="ParameterException">The source does not parse.</exception>
    public static IReadOnlyList<NotebookParameter> Parse(string source, string where)
    {
        var tree = CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            var line = first.Location.GetLineSpan().StartLinePosition;
            throw new ParameterException($"{where} does not parse as C#: line {line.Line + 1}, column {line.Character + 1}: {first.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        var found = new List<NotebookParameter>();
        foreach (var member in tree.GetCompilationUnitRoot().Members)
        {
            var declaration = member switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            };
            if (declaration is null) continue;
            var comment = member.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)).ToString();
            foreach (var variable in declaration.Variables)
            {
                var value = variable.Initializer?.Value;
                var type = declaration.Type.IsVar ? Infer(value) : FromSyntax(declaration.Type);
                found.Add(new NotebookParameter(variable.Identifier.ValueText, type, value?.ToString() ?? "(none)",
                    comment.Length > 2 ? comment[2..].Trim() : null));
            }
        }
        return found;
    }

    private static ParameterType FromSyntax(TypeSyntax syntax) => syntax switch
    {
        NullableTypeSyntax n => FromSyntax(n.ElementType) is { Kind: not ParameterKind.Unsupported, Array: false } t ? t with { Nullable = true } : Unsupported(syntax),
        ArrayTypeSyntax { RankSpecifiers.Count: 1 } a when a.RankSpecifiers[0].Rank == 1 =>
            FromSyntax(a.ElementType) is { Kind: not ParameterKind.Unsupported, Array: false } t ? t with { Array = true } : Unsupported(syntax),
        PredefinedTypeSyntax p => Named(p.Keyword.ValueText) is { } kind ? new ParameterType(kind) : Unsupported(syntax),
        IdentifierNameSyntax i => Named(i.Identifier.ValueText) is { } kind ? new ParameterType(kind) : Unsupported(syntax),
        QualifiedNameSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "System" } } q =>
            Named(q.Right.Identifier.ValueText) is { } kind ? new ParameterType(kind) : Unsupported(syntax),
        _ => Unsupported(syntax),
    };

    private static ParameterType Unsupported(SyntaxNode syntax) => new(ParameterKind.Unsupported, Written: syntax.ToString());

    private static ParameterKind? Named(string name) => name switch
    {
        "int" or "Int32" => ParameterKind.Int,
        "long" or "Int64" => ParameterKind.Long,
        "double" or "Double" => ParameterKind.Double,
        "decimal" or "Decimal" => ParameterKind.Decimal,
        "bool" or "Boolean" => ParameterKind.Bool,
        "string" or "String" => ParameterKind.String,
        "DateOnly" => ParameterKind.DateOnly,
        "DateTime" => ParameterKind.DateTime,
        _ => null,
    };

    /// <summary>The type C# gives a <c>var</c> from its initializer, for the initializers a parameters cell has.</summary>
    private static ParameterType Infer(ExpressionSyntax? value) => value switch
    {
        null => new ParameterType(ParameterKind.Unsupported, Written: "var (no initializer)"),
        ParenthesizedExpressionSyntax p => Infer(p.Expression),
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression or (int)SyntaxKind.UnaryPlusExpression } u => Infer(u.Operand),
        LiteralExpressionSyntax l => l.Token.Value switch
        {
            int => new ParameterType(ParameterKind.Int),
            long => new ParameterType(ParameterKind.Long),
            double => new ParameterType(ParameterKind.Double),
            decimal => new ParameterType(ParameterKind.Decimal),
            bool => new ParameterType(ParameterKind.Bool),
            string => new ParameterType(ParameterKind.String),
            _ => Unsupported(l),
        },
        ImplicitArrayCreationExpressionSyntax { Initializer.Expressions.Count: > 0 } a =>
            Infer(a.Initializer.Expressions[0]) is { Kind: not ParameterKind.Unsupported, Array: false } t ? t with { Array = true } : Unsupported(a),
        ArrayCreationExpressionSyntax a => FromSyntax(a.Type),
        ObjectCreationExpressionSyntax o => FromSyntax(o.Type),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: TypeSyntax t, Name.Identifier.ValueText: "Parse" or "ParseExact" } } =>
            FromSyntax(t),
        _ => new ParameterType(ParameterKind.Unsupported, Written: $"var = {value}"),
    };

    /// <summary>
    /// The C# of the <c>injected-parameters</c> cell: one declaration with an explicit type per given value, so the
    /// kernel's compiler checks the type once more.
    /// </summary>
    public static string InjectedSource(IReadOnlyList<(NotebookParameter Parameter, TypedValue Value)> values) =>
        "// Parameters injected by `analysis run`\n" +
        string.Join("\n", values.Select(v => $"{v.Parameter.Type.CSharp} {v.Parameter.Name} = {v.Value.CSharp};"));

    /// <summary>Inserts (or replaces) the <c>injected-parameters</c> cell after the parameters cell, or at the top when there
    /// is none, and records the values in <c>metadata.papermill.parameters</c>.</summary>
    public static void Inject(Notebook notebook, IReadOnlyList<(NotebookParameter Parameter, TypedValue Value)> values)
    {
        for (var i = notebook.Cells.Count - 1; i >= 0; i--)
        {
            if (Notebook.Tags(notebook.Cells[i]!.AsObject()).Contains(InjectedTag)) notebook.Cells.RemoveAt(i);
        }
        var papermill = notebook.Metadata["papermill"] as JsonObject ?? (JsonObject)(notebook.Metadata["papermill"] = new JsonObject());
        var parameters = new JsonObject();
        foreach (var (p, v) in values) parameters[p.Name] = v.Json?.DeepClone();
        papermill["parameters"] = parameters;
        if (values.Count == 0) return;
        var index = CellIndex(notebook);
        notebook.Cells.Insert(index + 1, notebook.NewCell("code", InjectedSource(values), InjectedTag));
    }
}
