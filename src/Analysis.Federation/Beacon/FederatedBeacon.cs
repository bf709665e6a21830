using System.Collections;
using System.Text;

namespace Analysis.Federation;

/// <summary>
/// The beacons of a federation (every site with a <c>beaconUrl</c> in the catalog), asked in parallel with the
/// federation's timeout and retries; get it with <c>fed.Beacon()</c>.
/// </summary>
public sealed class FederatedBeacon
{
    private readonly IReadOnlyList<(Site Site, BeaconSource Source)> beacons;

    internal FederatedBeacon(Federation federation)
    {
        beacons = [.. federation.Sites.Select(s => (s, BeaconSource.For(s, federation.Options))).Where(b => b.Item2 is not null).Select(b => (b.s, b.Item2!))];
        WithoutBeacon = [.. federation.Sites.Where(s => s.BeaconUrl is null).Select(s => s.Name)];
    }

    /// <summary>The sites whose catalog entry has no <c>beaconUrl</c>; they are not asked.</summary>
    public IReadOnlyList<string> WithoutBeacon { get; }

    /// <summary>Asks every beacon whether, or how many, individuals match <paramref name="query"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<FederatedBeaconAnswer> IndividualsAsync(BeaconQuery query, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        AskAllAsync(b => b.AskIndividualsAsync(query, granularity, cancellationToken));

    /// <summary>Asks every beacon about the individuals of <paramref name="cohort"/> (see <see cref="BeaconQuery.FromCohort"/>).</summary>
    /// <exception cref="ArgumentException">The cohort cannot be said in Beacon filters.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<FederatedBeaconAnswer> IndividualsAsync(Cohort cohort, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        IndividualsAsync(BeaconQuery.FromCohort(cohort), granularity, cancellationToken);

    /// <summary>Asks every beacon whether, or how many, individuals carry a variant matching <paramref name="query"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<FederatedBeaconAnswer> VariantsAsync(VariantQuery query, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        AskAllAsync(b => b.AskVariantsAsync(query, granularity, cancellationToken));

    private async Task<FederatedBeaconAnswer> AskAllAsync(Func<BeaconSource, Task<SiteAnswer<BeaconResponse>>> ask) =>
        new(await Task.WhenAll(beacons.Select(b => ask(b.Source))).ConfigureAwait(false), WithoutBeacon);
}

/// <summary>Every beacon's answer, in catalog order, with what can be concluded from them together.</summary>
public sealed class FederatedBeaconAnswer : IReadOnlyList<SiteAnswer<BeaconResponse>>
{
    private readonly IReadOnlyList<SiteAnswer<BeaconResponse>> answers;

    internal FederatedBeaconAnswer(IReadOnlyList<SiteAnswer<BeaconResponse>> answers, IReadOnlyList<string> withoutBeacon)
    {
        this.answers = answers;
        WithoutBeacon = withoutBeacon;
    }

    /// <summary>The sites not asked because the catalog gives them no Beacon URL.</summary>
    public IReadOnlyList<string> WithoutBeacon { get; }

    /// <summary>Some site says matching individuals exist.</summary>
    public bool Exists => answers.Any(a => a.Value?.Exists == true);

    /// <summary>The sum of the counts granted; null when no site granted one.</summary>
    public long? Total => answers.Any(a => a.Value?.Count is not null) ? answers.Sum(a => a.Value?.Count ?? 0) : null;

    /// <summary>
    /// The total leaves something out: a site failed, withheld or rounded its count, answered only yes/no, or was not asked.
    /// </summary>
    public bool IsLowerBound => WithoutBeacon.Count > 0 || answers.Any(a => a.Value is not { Count: not null, IsImprecise: false });

    /// <summary>The sites that failed, with the reason.</summary>
    public IReadOnlyList<SiteAnswer<BeaconResponse>> Failures => [.. answers.Where(a => !a.Answered)];

    /// <inheritdoc />
    public int Count => answers.Count;

    /// <inheritdoc />
    public SiteAnswer<BeaconResponse> this[int index] => answers[index];

    /// <summary>The answer of the site named <paramref name="site"/>.</summary>
    /// <exception cref="KeyNotFoundException">No beacon of that site was asked.</exception>
    public SiteAnswer<BeaconResponse> this[string site] =>
        answers.FirstOrDefault(a => a.Site == site) ?? throw new KeyNotFoundException($"no beacon answer from site '{site}'");

    /// <inheritdoc />
    public IEnumerator<SiteAnswer<BeaconResponse>> GetEnumerator() => answers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One line per site, then the total (with "≥" when it is a lower bound).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var a in answers) text.AppendLine(a.ToString());
        foreach (var s in WithoutBeacon) text.AppendLine($"{s}: not asked (no beaconUrl)");
        text.Append(Total is { } total ? $"total: {(IsLowerBound ? "≥" : "")}{total}" : $"exists: {(Exists ? "yes" : "no")}");
        return text.ToString();
    }
}
