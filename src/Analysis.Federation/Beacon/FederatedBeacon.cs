using Analysis.Contracts.Beacon;

namespace Analysis.Federation;

/// <summary>
/// The beacons of a federation (every site with a <c>beaconUrl</c> in the catalog), asked in parallel with the
/// federation's timeout and retries; get it with <c>fed.Beacon()</c>, or ask a cohort's question with <c>cohort.BeaconAsync()</c>.
/// </summary>
public sealed class FederatedBeacon
{
    private readonly FederationClient federation;
    private readonly IReadOnlyList<(Site Site, BeaconSource Source)> beacons;

    internal FederatedBeacon(FederationClient federation)
    {
        this.federation = federation;
        beacons = [.. federation.Sites.Select(s => (s, BeaconSource.For(s, federation.Options))).Where(b => b.Item2 is not null).Select(b => (b.s, b.Item2!))];
    }

    /// <summary>The sites whose catalog entry has no <c>beaconUrl</c>; they are not asked.</summary>
    public IReadOnlyList<string> WithoutBeacon => [.. federation.Sites.Where(s => s.BeaconUrl is null).Select(s => s.Name)];

    /// <summary>Asks every beacon whether, or how many, individuals match <paramref name="query"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<Federated<BeaconAnswer>> IndividualsAsync(BeaconQuery query, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        AskAllAsync(b => b.AskIndividualsAsync(query, granularity, cancellationToken));

    /// <summary>Asks every beacon about the individuals of <paramref name="cohort"/> (see <see cref="BeaconQuery.FromCohort"/>).</summary>
    /// <exception cref="ArgumentException">The cohort cannot be said in Beacon filters.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<Federated<BeaconAnswer>> IndividualsAsync(Cohort cohort, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        IndividualsAsync(BeaconQuery.FromCohort(cohort), granularity, cancellationToken);

    /// <summary>Asks every beacon whether, or how many, individuals carry a variant matching <paramref name="query"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<Federated<BeaconAnswer>> VariantsAsync(VariantQuery query, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        AskAllAsync(b => b.AskVariantsAsync(query, granularity, cancellationToken));

    private async Task<Federated<BeaconAnswer>> AskAllAsync(Func<BeaconSource, Task<SiteAnswer<BeaconAnswer>>> ask)
    {
        var perSite = await Task.WhenAll(beacons.Select(b => ask(b.Source))).ConfigureAwait(false);
        var sites = federation.Sites.Select(s => perSite.FirstOrDefault(a => a.Site == s.Name) switch
        {
            null => new SiteContribution(s.Name, false, null, "not asked (no beaconUrl)"),
            { Value: { } v } => new SiteContribution(s.Name, true, v.IsLowerBound ? null : v.Count, null),
            var failed => new SiteContribution(s.Name, false, null, failed.Failure),
        }).ToList();
        var answered = perSite.Where(a => a.Answered).Select(a => a.Value!).ToList();
        var caveats = new List<string>();
        if (sites.Any(s => !s.Included)) caveats.Add($"not every site answered: the total covers the sites that did (not {string.Join(", ", sites.Where(s => !s.Included).Select(s => s.Site))})");
        var rounded = perSite.Where(a => a.Value is { Precision: CountPrecision.Rounded, Count: not null }).ToList();
        if (rounded.Count > 0)
            caveats.Add($"{string.Join(", ", rounded.Select(a => a.Site))} perturbed and rounded {(rounded.Count == 1 ? "its count" : "their counts")} (protected mode): the total is approximate");
        var withheld = perSite.Where(a => a.Value is { } v && v.ReturnedGranularity == Granularity.Count && v.IsLowerBound && v.Precision != CountPrecision.Rounded).ToList();
        if (withheld.Count > 0)
            caveats.Add($"{string.Join(", ", withheld.Select(a => $"{a.Site} ({a.Value})"))} gave no exact count: the total is a lower bound");
        if (answered.Any(a => a.ReturnedGranularity == Granularity.Boolean))
            caveats.Add($"{string.Join(", ", perSite.Where(a => a.Value?.ReturnedGranularity == Granularity.Boolean).Select(a => a.Site))} answered only yes or no");
        return new Federated<BeaconAnswer>(BeaconAnswer.Pool(answered, sites.All(s => s.Included)), sites, caveats, perSite);
    }
}

/// <summary>Beacon v2 questions to a whole federation: <c>await fed.Beacon().IndividualsAsync(query)</c>, <c>await cohort.BeaconAsync()</c>.</summary>
public static class FederationBeaconExtensions
{
    /// <summary>The beacons of every site of <paramref name="federation"/> that has a <c>beaconUrl</c>.</summary>
    public static FederatedBeacon Beacon(this FederationClient federation) => new(federation);

    /// <summary>Asks every beacon of the cohort's federation whether, or how many, of its individuals exist (see <see cref="BeaconQuery.FromCohort"/>).</summary>
    /// <exception cref="InvalidOperationException">The cohort is not bound to a federation.</exception>
    /// <exception cref="ArgumentException">The cohort cannot be said in Beacon filters.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<Federated<BeaconAnswer>> BeaconAsync(this Cohort cohort, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        cohort.RequireFederation().Beacon().IndividualsAsync(cohort, granularity, cancellationToken);
}
