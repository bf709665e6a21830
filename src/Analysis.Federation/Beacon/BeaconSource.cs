using Analysis.Contracts.Beacon;

namespace Analysis.Federation;

/// <summary>A Beacon v2 request failed or its answer could not be read; the message names the beacon and the reason.</summary>
public sealed class BeaconException(string message) : Exception(message);

/// <summary>
/// One GA4GH Beacon v2 (boolean and count granularity) at <c>{base}individuals</c> and <c>{base}g_variants</c>, with
/// the federation's timeout and retries. In a notebook cell:
/// <code>
/// var beacon = new BeaconSource(new Uri("http://127.0.0.1:5080/api/"), token);
/// await beacon.IndividualsAsync(BeaconQuery.All.Diagnosis(Snomed.BreastCancer).Gene("PIK3CA"))
/// await beacon.VariantsAsync(VariantQuery.At("12", 25245349, "C", "A"), Granularity.Boolean)
/// </code>
/// </summary>
public sealed class BeaconSource
{
    // One pool for every beacon: sources are cheap to make in notebook cells and need no disposing.
    private static readonly HttpClient SharedHttp = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly SiteClient client;

    /// <summary>A beacon at <paramref name="beaconBase"/> (the folder holding <c>info</c>, <c>individuals</c>, <c>g_variants</c>).</summary>
    /// <param name="beaconBase">The Beacon base URL, e.g. <c>https://site/api/</c> (a missing trailing slash is added).</param>
    /// <param name="token">The bearer token.</param>
    /// <param name="options">Timeout and retries per request; <see cref="FederationOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException"><paramref name="beaconBase"/> is not an absolute http(s) URL.</exception>
    public BeaconSource(Uri beaconBase, string token, FederationOptions? options = null)
        : this(new Site(beaconBase.IsAbsoluteUri ? beaconBase.Host : beaconBase.OriginalString, "", beaconBase, token, beaconBase, null), options ?? FederationOptions.Default)
    {
    }

    private BeaconSource(Site site, FederationOptions options)
    {
        if (!site.Url.IsAbsoluteUri || (site.Url.Scheme != Uri.UriSchemeHttp && site.Url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{site.Url}' is not an absolute http(s) URL", "beaconBase");
        options.Validate();
        Options = options;
        var url = site.Url.AbsoluteUri.EndsWith('/') ? site.Url : new Uri(site.Url.AbsoluteUri + "/");
        client = new SiteClient(site with { Url = url }, SharedHttp, options);
    }

    /// <summary>The beacon of a catalog site, asked under the site's name.</summary>
    internal static BeaconSource? For(Site site, FederationOptions options) => site.BeaconUrl is { } url ? new BeaconSource(site with { Url = url }, options) : null;

    /// <summary>The Beacon base URL.</summary>
    public Uri BaseUrl => client.Site.Url;

    /// <summary>Timeout, retries and what else cancels a request.</summary>
    public FederationOptions Options { get; }

    /// <summary>Whether, or how many, individuals match <paramref name="query"/>.</summary>
    /// <exception cref="BeaconException">The beacon refused, failed, timed out or answered something unreadable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<BeaconAnswer> IndividualsAsync(BeaconQuery query, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        Value(await AskIndividualsAsync(query, granularity, cancellationToken).ConfigureAwait(false), NodeEndpoints.BeaconIndividuals.Path);

    /// <summary>Whether, or how many, individuals carry a variant matching <paramref name="query"/>.</summary>
    /// <exception cref="BeaconException">The beacon refused, failed, timed out or answered something unreadable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<BeaconAnswer> VariantsAsync(VariantQuery query, Granularity granularity = Granularity.Count, CancellationToken cancellationToken = default) =>
        Value(await AskVariantsAsync(query, granularity, cancellationToken).ConfigureAwait(false), NodeEndpoints.BeaconVariants.Path);

    internal Task<SiteAnswer<BeaconAnswer>> AskIndividualsAsync(BeaconQuery query, Granularity granularity, CancellationToken cancellationToken) =>
        AskAsync(NodeEndpoints.BeaconIndividuals, query.ToRequest(granularity), cancellationToken);

    internal Task<SiteAnswer<BeaconAnswer>> AskVariantsAsync(VariantQuery query, Granularity granularity, CancellationToken cancellationToken) =>
        AskAsync(NodeEndpoints.BeaconVariants, new BeaconVariantRequest
        {
            Meta = BeaconAnswer.RequestMeta,
            Query = new BeaconVariantQuery { RequestParameters = query, RequestedGranularity = BeaconAnswer.Name(granularity) },
        }, cancellationToken);

    private async Task<SiteAnswer<BeaconAnswer>> AskAsync<TRequest>(NodeEndpoint<TRequest, BeaconResponse> endpoint, TRequest request, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Options.Cancellation?.Invoke() ?? CancellationToken.None);
        var answer = await client.AskAsync(endpoint, request, cancel.Token).ConfigureAwait(false);
        return new SiteAnswer<BeaconAnswer>(answer.Site, answer.Value is { } response ? BeaconAnswer.From(response) : null, answer.Failure);
    }

    private BeaconAnswer Value(SiteAnswer<BeaconAnswer> answer, string path) =>
        answer.Failure is { } failure ? throw new BeaconException($"beacon {new Uri(BaseUrl, path)}: {failure}") : answer.Value!;

    /// <inheritdoc />
    public override string ToString() => $"Beacon {BaseUrl}";
}
