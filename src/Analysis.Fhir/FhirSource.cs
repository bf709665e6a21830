using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace Analysis.Fhir;

/// <summary>
/// Any FHIR R4 server: paged search through Firely's <see cref="FhirClient"/>, and Bulk Data <c>$export</c>
/// (kick-off, polling, NDJSON download). In a notebook cell:
/// <code>
/// using var fhir = new FhirSource(new Uri("http://127.0.0.1:5080/fhir/"), token);
/// var stages = await fhir.SearchAllAsync&lt;Observation&gt;(FhirQuery.Code("http://loinc.org", "21908-9"));
/// var export = await fhir.ExportAsync(["Patient", "Condition"]);
/// export.Rows().Patients.ToFrame()
/// </code>
/// </summary>
public sealed class FhirSource : IDisposable
{
    private readonly HttpMessageHandler handler;
    private readonly HttpClient authorized;
    private readonly HttpClient anonymous;
    private readonly FhirClient client;

    /// <summary>A source reading the FHIR server at <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">The FHIR base, e.g. <c>https://host/fhir/</c> (a missing trailing slash is added).</param>
    /// <param name="bearerToken">Sent as <c>Authorization: Bearer</c> on every request to the server; null for an open server.</param>
    /// <param name="options">Paging, timeouts and export polling; defaults when null.</param>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute http(s) URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public FhirSource(Uri baseUrl, string? bearerToken = null, FhirSourceOptions? options = null)
    {
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{baseUrl}' is not an absolute http(s) URL", nameof(baseUrl));
        Options = options ?? new FhirSourceOptions();
        Options.Validate();
        // Relative paths resolve against the last segment of a base without a trailing slash, dropping it.
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        authorized = new HttpClient(handler, disposeHandler: false) { Timeout = Options.Timeout };
        if (bearerToken is not null) authorized.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        // Export files that do not require the token may live elsewhere (object storage); they must not receive it.
        anonymous = new HttpClient(handler, disposeHandler: false) { Timeout = Options.Timeout };
        client = new FhirClient(BaseUrl.AbsoluteUri, authorized, new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            Timeout = (int)Math.Min(int.MaxValue, Options.Timeout.TotalMilliseconds),
        });
    }

    /// <summary>The FHIR base URL, ending in a slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Paging, timeouts and export polling.</summary>
    public FhirSourceOptions Options { get; }

    /// <summary>The resource of type <typeparamref name="TResource"/> with id <paramref name="id"/>.</summary>
    /// <exception cref="FhirSourceException">No such resource (404), or the server refused or failed; names the URL, status and issues.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResource> ReadAsync<TResource>(string id, CancellationToken cancellationToken = default) where TResource : Resource, new()
    {
        var url = new Uri(BaseUrl, $"{typeof(TResource).Name}/{Uri.EscapeDataString(id)}");
        return await Ask(url, "read", () => client.ReadAsync<TResource>(url, ct: cancellationToken)).ConfigureAwait(false)
            ?? throw new FhirSourceException($"read {url}: the server answered with no resource", url);
    }

    /// <summary>
    /// Every resource matching <paramref name="query"/>, page after page, following the bundles' <c>next</c> links
    /// until there is none. <see cref="FhirSourceOptions.PageSize"/> is asked for when the query sets no <c>_count</c>.
    /// </summary>
    /// <exception cref="FhirSourceException">The server refused or failed a page; names the URL, status and issues.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async IAsyncEnumerable<TResource> SearchAsync<TResource>(SearchParams query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TResource : Resource, new()
    {
        var search = SearchParams.FromUriParamList(query.ToUriParamList());
        search.Count ??= Options.PageSize;
        var type = typeof(TResource).Name;
        var page = await Ask(new Uri(BaseUrl, type), "search", () => client.SearchAsync<TResource>(search, cancellationToken)).ConfigureAwait(false);
        while (page is not null)
        {
            foreach (var resource in page.Entry.Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match).Select(e => e.Resource).OfType<TResource>())
                yield return resource;
            var current = page;
            page = page.NextLink is { } next ? await Ask(next, "search", () => client.ContinueAsync(current, PageDirection.Next, cancellationToken)).ConfigureAwait(false) : null;
        }
    }

    /// <summary>Every resource matching a fluent <paramref name="query"/>; see <see cref="SearchAsync{TResource}(SearchParams, CancellationToken)"/>.</summary>
    /// <exception cref="FhirSourceException">The server refused or failed a page.</exception>
    public IAsyncEnumerable<TResource> SearchAsync<TResource>(FhirQuery query, CancellationToken cancellationToken = default) where TResource : Resource, new() =>
        SearchAsync<TResource>(query.ToSearchParams(), cancellationToken);

    /// <summary>Every resource matching <paramref name="query"/> (all of them when null), all pages read into a list.</summary>
    /// <exception cref="FhirSourceException">The server refused or failed a page.</exception>
    public async Task<IReadOnlyList<TResource>> SearchAllAsync<TResource>(FhirQuery? query = null, CancellationToken cancellationToken = default) where TResource : Resource, new() =>
        await SearchAsync<TResource>(query ?? FhirQuery.All, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Every resource matching Firely <paramref name="query"/>, all pages read into a list.</summary>
    /// <exception cref="FhirSourceException">The server refused or failed a page.</exception>
    public async Task<IReadOnlyList<TResource>> SearchAllAsync<TResource>(SearchParams query, CancellationToken cancellationToken = default) where TResource : Resource, new() =>
        await SearchAsync<TResource>(query, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A system-level Bulk Data export: kicks it off (<c>Prefer: respond-async</c>), polls the status URL with
    /// exponential back-off (never sooner than <c>Retry-After</c>), reports each poll to <paramref name="progress"/>,
    /// then downloads every NDJSON file and parses it line by line. The job is deleted at the server afterwards, and
    /// also when the export fails, times out (<see cref="FhirSourceOptions.MaxExportWait"/>) or is cancelled.
    /// </summary>
    /// <param name="types">Resource types to export (<c>_type</c>); null or empty for everything the server exports.</param>
    /// <param name="progress">Told after every poll.</param>
    /// <param name="cancellationToken">Cancels the export; the job is deleted at the server.</param>
    /// <exception cref="FhirSourceException">The server refused or failed the export, or a file is malformed (URL and line named).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<BulkExport> ExportAsync(IEnumerable<string>? types = null, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new BulkExporter(BaseUrl, authorized, anonymous, Options).RunAsync([.. types ?? []], progress, cancellationToken);

    private static async Task<T?> Ask<T>(Uri url, string what, Func<Task<T?>> request) where T : Resource
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (FhirOperationException e)
        {
            throw FhirErrors.FromClient(e, what, url);
        }
        catch (HttpRequestException e)
        {
            throw new FhirSourceException($"{what} {url}: unreachable: {e.Message}", url, inner: e);
        }
    }

    /// <summary>Closes the connections to the server.</summary>
    public void Dispose()
    {
        client.Dispose();
        authorized.Dispose();
        anonymous.Dispose();
        handler.Dispose();
    }
}
