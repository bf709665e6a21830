namespace Analysis.Federation;

/// <summary>One step of a federated operation: a site answered (or failed) one question.</summary>
/// <param name="Question">What was asked, e.g. <c>count</c> or <c>cox: iteration 3</c>.</param>
/// <param name="Site">The site that just answered.</param>
/// <param name="Succeeded">Whether it gave an answer.</param>
/// <param name="Detail">How long it took, or why it failed.</param>
/// <param name="Done">Sites that have answered this question so far.</param>
/// <param name="Total">Sites asked.</param>
public sealed record FederationProgress(string Question, string Site, bool Succeeded, string Detail, int Done, int Total)
{
    /// <inheritdoc />
    public override string ToString() => $"{Question}: {Site} {(Succeeded ? "answered" : "failed")} ({Detail}) [{Done}/{Total}]";
}
