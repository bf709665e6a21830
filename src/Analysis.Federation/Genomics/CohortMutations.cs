using Analysis.Contracts;
using Analysis.Genomics.Mutations;

namespace Analysis.Federation;

/// <summary>Mutation frequencies of a federated cohort, through each site's <c>POST /api/v1/mutations/frequency</c>.</summary>
public static class CohortMutations
{
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
    public static async Task<Federated<MutationFrequencies>> MutationFrequenciesAsync(this Cohort cohort, int top = 20,
        IEnumerable<string>? genes = null, IEnumerable<string>? classifications = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 500);
        var federation = cohort.RequireFederation();
        var counted = (classifications ?? VariantClassifications.NonSynonymous).Order(StringComparer.Ordinal).ToList();
        if (counted.Count == 0) throw new ArgumentException("name at least one classification", nameof(classifications));
        var named = genes?.ToList();
        if (named is { Count: 0 }) throw new ArgumentException("name at least one gene, or leave genes out for the top genes", nameof(genes));
        var request = new MutationFrequencyRequest { Filter = cohort.ToFilter(), Classifications = counted };
        if (named is null)
        {
            var firstRound = await federation.AskAllAsync(NodeEndpoints.MutationFrequency, request with { Top = top }, cancellationToken).ConfigureAwait(false);
            named = [.. firstRound.Where(a => a.Answered).SelectMany(a => a.Value!.Genes.Select(g => g.Gene)).DistinctBy(g => g.ToUpperInvariant())];
            if (named.Count == 0) return await Combine(firstRound, [], top: null).WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
        }
        var answers = await federation.AskAllAsync(NodeEndpoints.MutationFrequency, request with { Genes = named }, cancellationToken).ConfigureAwait(false);
        return await Combine(answers, named, genes is null ? top : null).WithDisclosureAsync(federation, cancellationToken).ConfigureAwait(false);
    }

    private static Federated<MutationFrequencies> Combine(IReadOnlyList<SiteAnswer<MutationFrequencyResult>> answers, IReadOnlyList<string> genes, int? top)
    {
        var perSite = answers.Select(a => a.Value is not { } v ? new SiteAnswer<MutationFrequencies>(a.Site, null, a.Failure)
            : v.Patients.Value is not { } patients ? new SiteAnswer<MutationFrequencies>(a.Site, null, "unexpected answer: the cohort size is suppressed")
            : new SiteAnswer<MutationFrequencies>(a.Site, Site(a.Site, patients, v.Genes), null)).ToList();
        var answered = perSite.Where(s => s.Answered).ToList();
        var patientsPooled = answered.Sum(s => s.Value!.Patients);
        var pooled = genes.Select(gene =>
        {
            var counts = answered.Select(s => (s.Site, Gene: s.Value!.Find(gene))).ToList();
            // A site that did not report the gene has none to show; it is withheld rather than zero.
            var carriers = Count.Sum(counts.Select(c => c.Gene?.Carriers ?? Count.Of(ReleasedCell.Suppressed("not reported"))));
            return new CarrierFrequency(gene, carriers, patientsPooled, [.. counts.Where(c => c.Gene is null || c.Gene.IsLowerBound).Select(c => c.Site)]);
        });
        if (top is { } n) pooled = pooled.OrderByDescending(g => g.Carriers.N).ThenBy(g => g.Gene, StringComparer.Ordinal).Take(n);
        var sites = perSite.Select(s => s.Answered ? new SiteContribution(s.Site, true, s.Value!.Patients, null) : new SiteContribution(s.Site, false, null, s.Failure)).ToList();
        var result = new MutationFrequencies(patientsPooled, [.. pooled]);
        var caveats = new List<string>();
        if (sites.Any(s => !s.Included)) caveats.Add("not every site answered: the frequencies cover the sites that did");
        var lower = result.Genes.Where(g => g.IsLowerBound).Select(g => g.Gene).ToList();
        if (lower.Count > 0) caveats.Add($"carriers under a site's cell threshold were withheld for {string.Join(", ", lower)}: those pooled counts are lower bounds");
        return new Federated<MutationFrequencies>(result, sites, caveats, perSite);
    }

    private static MutationFrequencies Site(string site, long patients, IReadOnlyList<GeneCarriers> genes) =>
        new(patients, [.. genes.Select(g => new CarrierFrequency(g.Gene, Count.Of(g.Carriers), patients, g.Carriers.IsSuppressed ? [site] : []))]);
}
