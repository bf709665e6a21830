using Analysis.Kernel.Display;

namespace Analysis.Kernel.Magics;

/// <summary>
/// <c>#!who</c> lists the session's variables; <c>#!whos</c> adds their types and a short value.
/// </summary>
public sealed class WhoMagic(bool detailed) : Magic
{
    private const int ValueWidth = 60;

    /// <inheritdoc/>
    public override string Name => detailed ? "whos" : "who";

    /// <inheritdoc/>
    public override string Description => detailed
        ? "List variables with their types and values."
        : "List the names of the session's variables.";

    /// <inheritdoc/>
    public override Task RunAsync(MagicContext context, string arguments, Func<Task> runCell)
    {
        var variables = context.Session.Variables;
        if (variables.Count == 0) context.Out.WriteLine("No variables defined.");
        else if (!detailed) context.Out.WriteLine(string.Join("  ", variables.Select(v => v.Name)));
        else
        {
            var rows = variables.Select(v => (v.Name, Type: TypeNames.Display(v.Type), Value: Short(v.Value))).ToArray();
            int nameWidth = Math.Max(8, rows.Max(r => r.Name.Length)), typeWidth = Math.Max(4, rows.Max(r => r.Type.Length));
            context.Out.WriteLine($"{"Variable".PadRight(nameWidth)}   {"Type".PadRight(typeWidth)}   Value");
            context.Out.WriteLine(new string('-', nameWidth + typeWidth + 6 + ValueWidth));
            foreach (var r in rows) context.Out.WriteLine($"{r.Name.PadRight(nameWidth)}   {r.Type.PadRight(typeWidth)}   {r.Value}");
        }
        return runCell();
    }

    private static string Short(object? value)
    {
        var text = PlainTextFormatter.Format(value).ReplaceLineEndings(" ");
        return text.Length <= ValueWidth ? text : text[..(ValueWidth - 1)] + "…";
    }
}
