using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Federation;
using Analysis.Genomics.Mutations;

namespace Analysis.Genomics.Federated;

/// <summary>Mutation frequencies of a federated cohort, through each site's <c>POST /api/v1/mutations/frequency</c>.</summary>
public static class CohortMutations
{
    private const string Endpoint = "api/v1/mutations/frequency";

    /// <summary>
    /// Per gene, the patients of the cohort carrying a counted variant, at every site and pooled. With
    /// <paramref name="genes"/> those genes are asked for; otherwise each site's top genes are gathered first and
    /// then every site is asked for all of them, so each pooled count adds up the same genes everywhere.
    /// A site that suppresses a gene (under its cell rule) makes that gene's pooled figure a lower bound; a site that
    /// fails is kept with its reason and left out of the pooled figures.
    /// </summary>
    /// <param name="cohort">The cohort (from <c>fed.Cohort()</c>).</param>
    /// <param name="top">How many genes to return when none are named: the most carriers pooled.</param>
    /// <param name="genes">Genes to ask for, instead of the top ones.</param>
    /// <param name="classifications">Which <c>Variant_Classification</c>s count; <see cref="VariantClassifications.NonSynonymous"/> by default, as maftools.</param>
    /// <param name="cancellationToken">Cancels every request.</param>
    /// <example><code>var freq = await fed.Cohort().Diagnosis(Snomed.BreastCancer).MutationFrequenciesAsync(top: 20);</code></example>
    /// <exception cref="InvalidOperationException">The cohort is not bound to a federation.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is not between 1 and 500.</exception>
    /// <exception cref="ArgumentException"><paramref name="genes"/> or <paramref name="classifications"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<FederatedMutationFrequencies> MutationFrequenciesAsync(this Cohort cohort, int top = 20,
        IEnumerable<string>? genes = null, IEnumerable<string>? classifications = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 500);
        var federation = cohort.RequireFederation();
        var counted = (classifications ?? VariantClassifications.NonSynonymous).Order(StringComparer.Ordinal).ToList();
        if (counted.Count == 0) throw new ArgumentException("name at least one classification", nameof(classifications));
        var named = genes?.ToList();
        if (named is { Count: 0 }) throw new ArgumentException("name at least one gene, or leave genes out for the top genes", nameof(genes));
        JsonObject Body(JsonNode? what, string key) => new()
        {
            ["filter"] = cohort.ToFilter(),
            [key] = what,
            ["classifications"] = new JsonArray([.. counted.Select(c => (JsonNode)c)]),
        };
        if (named is null)
        {
            var firstRound = await federation.AskAllAsync(Endpoint, Body(top, "top"), Read, cancellationToken).ConfigureAwait(false);
            named = [.. firstRound.Where(a => a.Answered).SelectMany(a => a.Value!.Genes.Select(g => g.Gene)).DistinctBy(g => g.ToUpperInvariant())];
            if (named.Count == 0) return Combine(firstRound, [], top: null);
        }
        var answers = await federation.AskAllAsync(Endpoint, Body(new JsonArray([.. named.Select(g => (JsonNode)g)]), "genes"), Read, cancellationToken)
            .ConfigureAwait(false);
        return Combine(answers, named, genes is null ? top : null);
    }

    private static FederatedMutationFrequencies Combine(IReadOnlyList<SiteAnswer<SiteMutationFrequencies>> answers, IReadOnlyList<string> genes, int? top)
    {
        var sites = answers.Select(a => a.Answered ? a.Value! with { Site = a.Site } : new SiteMutationFrequencies(a.Site, null, [], a.Failure)).ToList();
        var answered = sites.Where(s => s.Answered).ToList();
        var pooled = genes.Select(gene =>
        {
            var counts = answered.Select(s => (s.Site, Count: s[gene])).ToList();
            return new PooledGeneFrequency(gene, counts.Sum(c => c.Count?.Carriers ?? 0), answered.Sum(s => s.Patients!.Value),
                [.. counts.Where(c => c.Count is null || c.Count.IsSuppressed).Select(c => c.Site)]);
        });
        if (top is { } n) pooled = pooled.OrderByDescending(g => g.Carriers).ThenBy(g => g.Gene, StringComparer.Ordinal).Take(n);
        return new FederatedMutationFrequencies(sites, [.. pooled]);
    }

    private static SiteMutationFrequencies Read(JsonElement body)
    {
        var patients = ReleasedCell.Read(UnexpectedAnswerException.Member(body, "patients")).Value
            ?? throw new UnexpectedAnswerException("the cohort size is suppressed");
        var genes = UnexpectedAnswerException.Member(body, "genes").EnumerateArray().Select(g =>
        {
            var carriers = ReleasedCell.Read(UnexpectedAnswerException.Member(g, "carriers"));
            return new SiteGeneCount(UnexpectedAnswerException.Member(g, "gene").GetString()!, carriers.Value, carriers.Display, patients);
        }).ToList();
        return new SiteMutationFrequencies("", patients, genes, null);
    }
}
