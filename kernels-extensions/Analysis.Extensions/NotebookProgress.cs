using System.Collections.Concurrent;
using Analysis.Federation;
using Analysis.Kernel;
using Analysis.Kernel.Execution;

namespace Analysis.Extensions;

/// <summary>
/// Shows federated progress in the running cell: one line per kind of question (count, cox, ...), updated in place as
/// each site answers, so a slow site or a long fit is visible while it runs and the final state stays in the output.
/// </summary>
public sealed class NotebookProgress(KernelGlobals globals) : IProgress<FederationProgress>
{
    private readonly ConcurrentDictionary<string, int> shown = new();

    /// <inheritdoc/>
    public void Report(FederationProgress value)
    {
        var family = value.Question.Split(':', 2)[0];
        // The interrupt token is the running cell's, so each cell gets its own progress lines.
        var id = $"federation-progress-{Interruption.Token.GetHashCode():x8}-{family}";
        var text = $"{value.Question}: {value.Done}/{value.Total} sites — {value.Site} {(value.Succeeded ? "answered" : "failed")} ({value.Detail})";
        lock (shown)
        {
            // Sites answer on several threads; an update older than the one shown would move the line backwards.
            if (shown.TryAdd(id, value.Done)) globals.display(text, id);
            else if (value.Done > shown[id] || value.Done == 1)
            {
                shown[id] = value.Done;
                globals.update_display(text, id);
            }
        }
    }
}
