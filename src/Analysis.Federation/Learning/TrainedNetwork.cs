using System.Globalization;
using Analysis.Contracts;
using Analysis.Stats;
using Apache.Arrow;
using Deedle;

namespace Analysis.Federation;

/// <summary>One site's part in a round.</summary>
/// <param name="Site">The site.</param>
/// <param name="N">Its patients in the fit (0 when it failed).</param>
/// <param name="Loss">The global model's mean loss on its rows at the start of the round.</param>
/// <param name="Failure">Why it gave no update this round; null when it did.</param>
/// <param name="Privacy">A protected site's differential-privacy budget after this round (what it spent, what the user and study have left); null at an exact-mode site.</param>
public sealed record SiteRound(string Site, long N, double Loss, string? Failure, PrivacyBudget? Privacy = null);

/// <summary>One round of federated averaging.</summary>
/// <param name="Round">1-based round.</param>
/// <param name="Loss">The global model's loss at the start of the round, averaged over the answering sites weighted by n (the pooled mean loss).</param>
/// <param name="N">Patients in the sites that answered.</param>
/// <param name="Sites">Every site's part, failures included.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record FederatedRound(int Round, double Loss, long N, IReadOnlyList<SiteRound> Sites, TimeSpan Elapsed)
{
    /// <summary>The sites that gave no update this round.</summary>
    public IEnumerable<SiteRound> Failed => Sites.Where(s => s.Failure is not null);

    /// <inheritdoc />
    public override string ToString() =>
        $"round {Round}: loss {Loss.ToString("0.#####", CultureInfo.InvariantCulture)} over {N} patients at {Sites.Count(s => s.Failure is null)}/{Sites.Count} sites"
        + string.Concat(Failed.Select(f => $"; {f.Site} failed ({f.Failure}), averaged without it"));
}

/// <summary>
/// A binary multilayer perceptron trained by federated averaging: its design columns, the pooled scaling of its
/// inputs, its weights (in PyTorch's <c>parameters()</c> order, so <c>TabularMlp.SetWeights</c> loads them) and every round.
/// </summary>
/// <param name="Columns">The design columns the network reads, in input order (numeric covariates standardised, dummies 0/1).</param>
/// <param name="Hidden">Hidden layer widths.</param>
/// <param name="Scaling">Per column, the pooled mean and SD it was standardised with (0 and 1 for dummy columns).</param>
/// <param name="InitialWeights">The weights round 1 started from.</param>
/// <param name="Weights">The trained weights.</param>
/// <param name="Rounds">Every round.</param>
public sealed record TrainedNetwork(IReadOnlyList<string> Columns, IReadOnlyList<int> Hidden, IReadOnlyList<Standardization> Scaling,
    float[] InitialWeights, float[] Weights, IReadOnlyList<FederatedRound> Rounds) : ITabular
{
    /// <summary>Rounds in which at least one site failed.</summary>
    public IEnumerable<FederatedRound> DegradedRounds => Rounds.Where(r => r.Failed.Any());

    /// <summary>One row per round: loss, n, answering sites, failed sites.</summary>
    public Frame<int, string> ToFrame() =>
        Frame.FromRecords(Rounds.Select(r => new { r.Round, r.Loss, r.N, Sites = r.Sites.Count(s => s.Failure is null), Failed = FailedSites(r) }).ToList());

    /// <summary>The rows of <see cref="ToFrame"/> as an Arrow record batch.</summary>
    public RecordBatch ToArrow() => new RecordBatch.Builder()
        .Append("Round", false, c => c.Int32(b => b.AppendRange(Rounds.Select(r => r.Round))))
        .Append("Loss", false, c => c.Double(b => b.AppendRange(Rounds.Select(r => r.Loss))))
        .Append("N", false, c => c.Int64(b => b.AppendRange(Rounds.Select(r => r.N))))
        .Append("Sites", false, c => c.Int32(b => b.AppendRange(Rounds.Select(r => r.Sites.Count(s => s.Failure is null)))))
        .Append("Failed", false, c => c.String(b => b.AppendRange(Rounds.Select(FailedSites))))
        .Build();

    private static string FailedSites(FederatedRound round) => string.Join(", ", round.Failed.Select(f => f.Site));

    /// <inheritdoc />
    public override string ToString() =>
        $"Federated averaging: {Rounds.Count} rounds, MLP {Columns.Count} → [{string.Join(", ", Hidden)}] → 1 ({Weights.Length} parameters)\n"
        + string.Join("\n", Rounds.Select(r => "  " + r))
        + (DegradedRounds.Any() ? $"\n  {DegradedRounds.Count()} round(s) averaged without a failed site" : "");
}
