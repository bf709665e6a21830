using Analysis.Kernel.Execution;

namespace Analysis.Kernel.LanguageServices;

/// <summary>Completion, inspection and completeness checks for cells, backed by Roslyn.</summary>
public sealed class LanguageService(ScriptSession session)
{
    /// <summary>The session whose earlier cells give completion its context.</summary>
    public ScriptSession Session => session;

    /// <summary>Completion candidates at <paramref name="position"/> (UTF-16 index).</summary>
    public Task<CompletionResult> CompleteAsync(string code, int position, CancellationToken cancellation) =>
        throw new NotImplementedException("TODO(language services)");

    /// <summary>Signature and documentation of the symbol at <paramref name="position"/>, or null.</summary>
    public Task<InspectionResult?> InspectAsync(string code, int position, int detailLevel, CancellationToken cancellation) =>
        throw new NotImplementedException("TODO(language services)");

    /// <summary>Whether the code can run as it is.</summary>
    public CompletenessResult IsComplete(string code) => throw new NotImplementedException("TODO(language services)");
}
