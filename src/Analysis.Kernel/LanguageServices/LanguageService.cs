using Analysis.Kernel.Execution;

namespace Analysis.Kernel.LanguageServices;

/// <summary>
/// Completion, inspection and completeness checks for cells, backed by Roslyn. Completion
/// and inspection see everything the session's earlier cells declared, the globals
/// (<c>display</c>, <c>input</c>...) and the session's references and imports.
/// </summary>
public sealed class LanguageService
{
    private readonly SubmissionWorkspace _workspace;

    /// <summary>
    /// Creates the service for <paramref name="session"/> and starts warming Roslyn up in the
    /// background (its first request otherwise takes seconds), so the first Tab is quick.
    /// </summary>
    /// <param name="session">The session whose cells completion sees.</param>
    /// <param name="warmUpAfter">
    /// Completes when the warm-up may start (the kernel passes its first cell's reply); the warm-up
    /// starts anyway <see cref="WarmUpPatience"/> after the session's own warm-up.
    /// </param>
    public LanguageService(ScriptSession session, Task? warmUpAfter = null)
    {
        Session = session;
        _workspace = new SubmissionWorkspace(session);
        // After the session's own warm-up and, normally, after the first cell: on a small machine
        // they would compete for the cores, and the first cell matters more than the first Tab.
        WarmUp = Task.Run(async () =>
        {
            await session.StartAsync().ConfigureAwait(false);
            if (warmUpAfter is not null) await Task.WhenAny(warmUpAfter, Task.Delay(WarmUpPatience)).ConfigureAwait(false);
            await WarmUpAsync().ConfigureAwait(false);
        });
    }

    /// <summary>How long the warm-up waits for the first cell before starting anyway.</summary>
    public static readonly TimeSpan WarmUpPatience = TimeSpan.FromSeconds(2);

    /// <summary>The session whose earlier cells give completion its context.</summary>
    public ScriptSession Session { get; }

    /// <summary>Completes when the background warm-up has run; requests made before then wait for it.</summary>
    public Task WarmUp { get; }

    /// <summary>
    /// Completion candidates at <paramref name="position"/> (a UTF-16 index, clamped to the code).
    /// <see cref="CompletionResult.Start"/> and <see cref="CompletionResult.End"/> delimit the
    /// partial name the candidates replace, such as <c>Co</c> in <c>patients.Co</c>.
    /// </summary>
    /// <param name="code">The cell being edited; magic lines are ignored.</param>
    /// <param name="position">The cursor, as a UTF-16 index into <paramref name="code"/>.</param>
    /// <param name="cancellation">Stops the request.</param>
    public Task<CompletionResult> CompleteAsync(string code, int position, CancellationToken cancellation)
    {
        var text = CellText.WithoutMagics(code);
        int cursor = Math.Clamp(position, 0, text.Length);
        return _workspace.WithDocumentAsync(text, document => CodeCompletion.CompleteAsync(document, cursor, cancellation), cancellation);
    }

    /// <summary>
    /// Signature and documentation of the symbol at <paramref name="position"/> (a UTF-16 index,
    /// clamped to the code), or null when there is none. The symbol is the name under the
    /// cursor or just before it, or else the method whose argument list holds the cursor.
    /// </summary>
    /// <param name="code">The cell being edited; magic lines are ignored.</param>
    /// <param name="position">The cursor, as a UTF-16 index into <paramref name="code"/>.</param>
    /// <param name="detailLevel">0 for the signature and summary; 1 or more adds parameters, returns, exceptions and remarks.</param>
    /// <param name="cancellation">Stops the request.</param>
    public Task<InspectionResult?> InspectAsync(string code, int position, int detailLevel, CancellationToken cancellation)
    {
        var text = CellText.WithoutMagics(code);
        int cursor = Math.Clamp(position, 0, text.Length);
        return _workspace.WithDocumentAsync(text, document => SymbolInspector.InspectAsync(document, cursor, detailLevel, cancellation), cancellation);
    }

    /// <summary>
    /// Whether the code can run as it is. <see cref="Completeness.Incomplete"/> means more lines
    /// can finish it (an open brace, parenthesis or verbatim string, a statement cut short), and
    /// comes with the indent for the next line: four spaces per open brace, at least four.
    /// <see cref="Completeness.Invalid"/> means there is an error no further line can fix.
    /// </summary>
    /// <param name="code">The cell; magic lines are ignored.</param>
    public CompletenessResult IsComplete(string code) => CompletenessChecker.Check(code);

    private async Task WarmUpAsync()
    {
        // Loads the MEF composition, the references' symbols, CoreLib's documentation and the
        // completion providers, which the first real request would otherwise pay for.
        const string code = "Console.WriteLine(Math.Max(1, 2));";
        await CompleteAsync(code, "Console.".Length, CancellationToken.None).ConfigureAwait(false);
        await InspectAsync(code, code.IndexOf("Max", StringComparison.Ordinal) + 3, 0, CancellationToken.None).ConfigureAwait(false);
    }
}
