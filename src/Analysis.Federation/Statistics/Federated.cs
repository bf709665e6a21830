using System.Text;
using Analysis.Stats;
using Apache.Arrow;
using Deedle;

namespace Analysis.Federation;

/// <summary>How one site took part in a federated answer.</summary>
/// <param name="Site">The site's name.</param>
/// <param name="Included">Its answer went into the pooled result.</param>
/// <param name="Patients">Patients it contributed, when it says (not when its count was withheld).</param>
/// <param name="Reason">Why it was left out (down, timed out, refused, withheld cells); null when included.</param>
public sealed record SiteContribution(string Site, bool Included, long? Patients, string? Reason)
{
    /// <inheritdoc />
    public override string ToString() => Included
        ? $"{Site}: included{(Patients is { } n ? $" (n = {n})" : "")}"
        : $"{Site}: left out ({Reason})";
}

/// <summary>
/// Every federated answer: the result pooled over the sites that could answer, with how each site took part, each
/// site's own answer where there is one, and what makes the result less than the pooled-data answer (a site left out,
/// suppressed cells). It converts implicitly to the result itself, so <c>CoxResult cox = await cohort.CoxAsync(...)</c> works.
/// </summary>
/// <typeparam name="T">The result: a <see cref="Count"/>, a <see cref="BeaconAnswer"/>, <see cref="MutationFrequencies"/>, a
/// <see cref="TrainedNetwork"/>, or the same statistic a local (single-table) analysis returns.</typeparam>
public sealed class Federated<T> where T : class
{
    /// <summary>
    /// A federated answer. The federation client makes them; a library that adds a node endpoint (asked with
    /// <see cref="FederationClient.AskAllAsync{TRequest, TResult}"/>) makes its own the same way.
    /// </summary>
    /// <param name="result">The pooled result.</param>
    /// <param name="sites">Every site of the federation and how it took part, in catalog order.</param>
    /// <param name="caveats">Why the result may differ from the pooled-data answer.</param>
    /// <param name="perSite">Each site's own answer, where there is one.</param>
    public Federated(T result, IReadOnlyList<SiteContribution> sites, IReadOnlyList<string> caveats, IReadOnlyList<SiteAnswer<T>>? perSite = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(caveats);
        Result = result;
        Sites = sites;
        Caveats = caveats;
        PerSite = perSite ?? [];
    }

    /// <summary>The pooled result.</summary>
    public T Result { get; }

    /// <summary>Every site of the federation and how it took part, in catalog order.</summary>
    public IReadOnlyList<SiteContribution> Sites { get; }

    /// <summary>Each site's own answer, where the result can be computed per site (counts, Beacon, descriptive statistics, survival, mutation frequencies).</summary>
    public IReadOnlyList<SiteAnswer<T>> PerSite { get; }

    /// <summary>Why the result may differ from the pooled-data answer; empty when it equals it.</summary>
    public IReadOnlyList<string> Caveats { get; }

    /// <summary>Every site's answer went in.</summary>
    public bool IsComplete => Sites.All(s => s.Included);

    /// <summary>The result equals what pooling every site's rows would give (at the survival grid's resolution for survival).</summary>
    public bool IsExact => IsComplete && Caveats.Count == 0;

    /// <summary>The answer of the site called <paramref name="site"/>.</summary>
    /// <exception cref="KeyNotFoundException">No answer of that site is in <see cref="PerSite"/>.</exception>
    public SiteAnswer<T> this[string site] => PerSite.FirstOrDefault(a => a.Site == site)
        ?? throw new KeyNotFoundException($"no answer of site '{site}' in this result; the sites are {string.Join(", ", PerSite.Select(a => a.Site))}");

    /// <summary>The pooled result.</summary>
    public static implicit operator T(Federated<T> federated) => federated.Result;

    /// <summary>The pooled result, then one line per site and the caveats.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Result.ToString()).Append("\n\nSites:\n");
        foreach (var site in Sites) text.Append("  ").Append(site).Append('\n');
        foreach (var caveat in Caveats) text.Append("Note: ").Append(caveat).Append('\n');
        return text.ToString().TrimEnd('\n');
    }
}

/// <summary>Adds what the sites' disclosure policies make of a result.</summary>
internal static class FederatedDisclosure
{
    /// <summary>
    /// The result with the caveats of its included sites' policies added (see
    /// <see cref="FederationClient.DisclosureCaveatsAsync"/>), so <see cref="Federated{T}.IsExact"/> is true only when every
    /// included site releases exactly.
    /// </summary>
    public static async Task<Federated<T>> WithDisclosureAsync<T>(this Federated<T> result, FederationClient federation, CancellationToken cancellationToken)
        where T : class
    {
        var caveats = await federation.DisclosureCaveatsAsync(result.Sites, cancellationToken).ConfigureAwait(false);
        return caveats.Count == 0 ? result : new Federated<T>(result.Result, result.Sites, [.. result.Caveats, .. caveats], result.PerSite);
    }
}

/// <summary>Federated statistics as tables: the pooled statistic's own rows.</summary>
public static class FederatedTabular
{
    /// <summary>The pooled result as a Deedle frame (see <see cref="ITabular.ToFrame"/>).</summary>
    public static Frame<int, string> ToFrame<T>(this Federated<T> federated) where T : class, ITabular => federated.Result.ToFrame();

    /// <summary>The pooled result as an Arrow record batch (see <see cref="ITabular.ToArrow"/>).</summary>
    public static RecordBatch ToArrow<T>(this Federated<T> federated) where T : class, ITabular => federated.Result.ToArrow();
}

/// <summary>No site could answer a federated question; the message lists each site's reason.</summary>
public sealed class FederatedQueryException(string question, IEnumerable<SiteContribution> sites)
    : Exception($"{question}: no site could answer ({string.Join("; ", sites.Select(s => $"{s.Site}: {s.Reason}"))})")
{
    /// <summary>Every site and why it was left out.</summary>
    public IReadOnlyList<SiteContribution> Sites { get; } = [.. sites];
}
