using System.Security.Cryptography;
using System.Text;
using Analysis.Contracts;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;
using Analysis.Stats;

namespace Analysis.Node.Models;

/// <summary>
/// What protected mode adds to a model endpoint (docs/privacy.md): no outcome among the covariates, a
/// weight-concentration check at every coefficient vector, the cohort ledger, a per-user budget of distinct
/// coefficient vectors, perturbed counts, and noise keyed to the cohort and the coefficients on every statistic.
/// </summary>
/// <remarks>Exact mode (a trusted environment) skips all of it, so federated fits there equal the pooled fit.</remarks>
internal sealed class ModelProtection(DisclosurePolicy policy, ICohortAdmission? ledger, ModelStepBudget? budget)
{
    /// <summary>Noise SD on each score element, in units of its column's scale (RMS for logistic, SD for Cox): about half one patient's largest contribution.</summary>
    public const double ScoreNoise = 0.5;

    /// <summary>Noise SD on each information element, in units of the product of its columns' scales (one patient's weight is at most 1/4 in logistic).</summary>
    public const double InformationNoise = 0.25;

    /// <summary>Noise SD on the log-likelihood, about one patient's term, so finite differences of it cannot rebuild the exact score.</summary>
    public const double LikelihoodNoise = 0.5;

    /// <summary>Variables that are a survival or vital-status outcome and may not enter a model as covariates in protected mode.</summary>
    public static readonly IReadOnlyList<string> OutcomeVariables = [Variable.FollowupDays.Name, Variable.Event.Name];

    /// <summary>The extra columns a protected model loads first with each row: the secret record key and the audit index.</summary>
    public static readonly IReadOnlyList<string> KeyColumns = ["record_key", "audit_index"];

    /// <summary>Whether the node releases exact statistics (no protection).</summary>
    public bool IsExact => policy.IsExact;

    /// <summary>
    /// In protected mode, refuses (400 naming the field) a covariate that is an outcome: with follow-up or vital status
    /// as a covariate, the information matrix holds them for whatever patients the weights fall on.
    /// </summary>
    public void CheckCovariates(IReadOnlyList<string>? covariates)
    {
        if (policy.IsExact || covariates is null) return;
        for (var i = 0; i < covariates.Count; i++)
            if (OutcomeVariables.Contains(covariates[i]))
                throw RequestException.Invalid($"covariates[{i}]",
                    $"'{covariates[i]}' is an outcome (follow-up or vital status) and cannot be a covariate at this site (protected mode)");
    }

    /// <summary>The cohort's key: the XOR of its patients' record keys (the first key column of each row).</summary>
    public static ulong CohortKey(ModelRows rows, Func<int, bool>? which = null)
    {
        ulong key = CellKey.Empty;
        for (var i = 0; i < rows.N; i++)
            if (which?.Invoke(i) ?? true) key ^= Convert.ToUInt64(rows.Extra[i][0]);
        return key;
    }

    /// <summary>
    /// The protected mode's checks before anything is computed: counts the coefficients against the user's budget,
    /// checks the weights are spread over at least the minimum subset of patients, and admits the cohort to the ledger.
    /// </summary>
    /// <param name="user">Who asks.</param>
    /// <param name="rows">The cohort's rows (key columns first).</param>
    /// <param name="model">The endpoint and design, mixed into the coefficients' hash.</param>
    /// <param name="beta">The coefficients.</param>
    /// <param name="weights">Computes the weights at the coefficients.</param>
    /// <returns>The key the statistics' noise is drawn from.</returns>
    /// <exception cref="RequestException">422 naming the rule.</exception>
    public ulong Admit(string user, ModelRows rows, string model, double[] beta, Func<ModelWeights> weights)
    {
        var cohort = CohortKey(rows);
        var hash = BetaHash(model, beta);
        // Spent before the weight check: a refusal is an answer too (whether the weights at beta are concentrated),
        // so probing with refused coefficients must use the budget as well.
        budget?.Spend(user, cohort, hash);
        var w = weights();
        var m = policy.MinSubsetSize;
        if (!(w.WeightEss >= m))
            throw RequestException.Refused(
                $"at these coefficients the model's weights fall on about {w.WeightEss:0.#} patients (their effective sample size); " +
                $"the site needs at least {m} (the minimum subset size), so that no answer is a few patients' own values");
        if (!(w.InformationEss >= m))
            throw RequestException.Refused(
                $"at these coefficients the information matrix comes from about {w.InformationEss:0.#} patients (the effective sample size of their contributions); " +
                $"the site needs at least {m} (the minimum subset size)");
        if (!(w.LargestShare <= MaxShare))
            throw RequestException.Refused(
                $"at these coefficients one patient carries {w.LargestShare:P0} of the information; the site allows at most {MaxShare:P0} " +
                $"(1 / the minimum subset size {m}), so that no single patient's contribution dominates an answer");
        ledger?.Admit(cohort, [.. rows.Extra.Select(e => Convert.ToInt32(e[1]))], "the model's cohort");
        return cohort ^ hash;
    }

    /// <summary>The largest share of the information one patient may carry: 1 / minSubsetSize, no more than an average
    /// member of the smallest cohort a model may be fitted on.</summary>
    public double MaxShare => 1.0 / policy.MinSubsetSize;

    /// <summary>Adds the keyed noise to a step: the same cohort at the same coefficients always gets the same noise.</summary>
    /// <param name="step">The exact statistics.</param>
    /// <param name="key">From <see cref="Admit"/>.</param>
    /// <param name="scale">Per-column scale (<see cref="ModelWeights.NoiseScale"/>).</param>
    public static ScoreStep Perturb(ScoreStep step, ulong key, double[] scale)
    {
        var p = step.Score.Length;
        var score = new double[p];
        var information = new double[p][];
        long index = 1;
        for (var j = 0; j < p; j++) score[j] = step.Score[j] + ScoreNoise * scale[j] * CellKey.Normal(key, CellKind.Model, index++);
        for (var j = 0; j < p; j++) information[j] = new double[p];
        for (var j = 0; j < p; j++)
            for (var k = j; k < p; k++)
            {
                var value = step.Information[j][k] + InformationNoise * scale[j] * scale[k] * CellKey.Normal(key, CellKind.Model, index++);
                information[j][k] = value;
                information[k][j] = value;
            }
        return step with { Score = score, Information = information, LogLikelihood = step.LogLikelihood + LikelihoodNoise * CellKey.Normal(key, CellKind.Model, 0) };
    }

    /// <summary>A count released as the policy says (perturbed and rounded in protected mode).</summary>
    public long Release(long count, ulong cellKey, CellKind kind) => policy.Release(count, cellKey, kind).Value ?? 0;

    private static ulong BetaHash(string model, double[] beta)
    {
        var bytes = Encoding.UTF8.GetBytes(model).Concat(beta.SelectMany(BitConverter.GetBytes)).ToArray();
        return BitConverter.ToUInt64(SHA256.HashData(bytes), 0);
    }
}
