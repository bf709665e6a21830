using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Analysis.Kernel.Execution;

/// <summary>An error as Jupyter shows it: a name, a value and traceback lines.</summary>
/// <param name="Name">The error's name, e.g. the exception type.</param>
/// <param name="Value">The message.</param>
/// <param name="Traceback">Lines a front end prints, most relevant first.</param>
public sealed partial record CellError(string Name, string Value, IReadOnlyList<string> Traceback)
{
    /// <summary>The error for a cell stopped by an interrupt (IPython calls this KeyboardInterrupt).</summary>
    public static CellError Interrupted { get; } = new("KernelInterrupted", "The cell was interrupted.", ["KernelInterrupted: The cell was interrupted."]);

    /// <summary>Compile errors, each with its line and column within the cell (1-based).</summary>
    public static CellError FromCompileErrors(IReadOnlyList<Diagnostic> errors)
    {
        var lines = errors.Select(d =>
        {
            var position = d.Location.GetLineSpan().StartLinePosition;
            return $"({position.Line + 1},{position.Character + 1}): error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }).ToArray();
        return new CellError("CompilationError", lines[0], lines);
    }

    /// <summary>
    /// An exception with its stack trimmed to the user's own frames: the scripting engine's
    /// and the kernel's frames say nothing about the user's code. Roslyn's submission classes
    /// (<c>Submission#3</c>) are shown as the cell they came from.
    /// </summary>
    public static CellError FromException(Exception exception, Func<string, int?> cellOfSubmission)
    {
        var lines = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException { InnerExceptions.Count: 1 } && e.InnerException is not null && lines.Count == 0) continue;
            lines.Add((lines.Count == 0 ? "" : "---> ") + $"{e.GetType().FullName}: {e.Message}");
            foreach (var frame in (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (IsKernelFrame(frame)) continue;
                lines.Add("   " + Readable(frame, cellOfSubmission));
            }
        }
        return new CellError(exception.GetType().Name, exception.Message, lines);
    }

    /// <summary>
    /// <c>at Submission#3.&lt;&lt;Initialize&gt;&gt;d__0.MoveNext() in :line 2</c> becomes
    /// <c>at Cell[3], line 2</c>: the names Roslyn gives script code mean nothing to a notebook user.
    /// </summary>
    private static string Readable(string frame, Func<string, int?> cellOfSubmission)
    {
        frame = SubmissionName().Replace(frame, m => cellOfSubmission(m.Value) is { } n ? $"Cell[{n}]" : m.Value);
        frame = frame.Replace(".<<Initialize>>d__0.MoveNext()", "", StringComparison.Ordinal);
        return LineSuffix().Replace(frame, ", line $1");
    }

    private static bool IsKernelFrame(string frame) =>
        frame.StartsWith("---", StringComparison.Ordinal) ||
        frame.Contains(" Microsoft.CodeAnalysis.", StringComparison.Ordinal) ||
        frame.Contains(" Analysis.Kernel.", StringComparison.Ordinal) ||
        frame.Contains(" System.Runtime.CompilerServices.", StringComparison.Ordinal) ||
        frame.Contains(" System.Runtime.ExceptionServices.", StringComparison.Ordinal) ||
        frame.Contains(" System.Threading.ExecutionContext.", StringComparison.Ordinal) ||
        frame.Contains(" System.Threading.Tasks.", StringComparison.Ordinal) ||
        frame.Contains("<<Initialize>>", StringComparison.Ordinal) && frame.Contains("MoveNext", StringComparison.Ordinal) && !frame.Contains(":line", StringComparison.Ordinal);

    [GeneratedRegex(@" in [^:]*:line (\d+)$")]
    private static partial Regex LineSuffix();

    [GeneratedRegex(@"Submission#\d+")]
    private static partial Regex SubmissionName();
}
