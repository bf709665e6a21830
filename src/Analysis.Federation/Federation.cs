using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analysis.Federation;

/// <summary>
/// The sites of a federation, asked in parallel. A site that is down, slow, refuses or errs gives a result naming the
/// reason while the others' answers are kept, so a notebook cell always shows what could be learned.
/// </summary>
public sealed class Federation : IDisposable
{
    /// <summary>The environment variable naming the catalog (exported by <c>lab.sh</c>).</summary>
    public const string CatalogVariable = "ANALYSIS_FEDERATION";

    private readonly HttpClient http;
    private readonly IReadOnlyList<SiteClient> clients;

    /// <summary>A federation of <paramref name="sites"/>.</summary>
    /// <exception cref="ArgumentException">No sites were given.</exception>
    public Federation(IEnumerable<Site> sites, FederationOptions? options = null)
    {
        Options = options ?? new FederationOptions();
        Options.Validate();
        Sites = [.. sites];
        if (Sites.Count == 0) throw new ArgumentException("a federation needs at least one site", nameof(sites));
        // Timeouts are per site and per question (FederationOptions.SiteTimeout), so the client's own is off.
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        clients = [.. Sites.Select(s => new SiteClient(s, http, Options))];
    }

    /// <summary>The federation in the catalog file at <paramref name="path"/>.</summary>
    /// <exception cref="FederationCatalogException">The catalog is missing or malformed.</exception>
    public static Federation Connect(string path, FederationOptions? options = null) => new(FederationCatalog.Load(path), options);

    /// <summary>The local federation started by <c>analysis sites up</c> (or <c>lab.sh</c>).</summary>
    /// <exception cref="FederationCatalogException">No catalog there; start the sites first.</exception>
    public static Federation Local(FederationOptions? options = null) => Connect(DefaultCatalogPath(), options);

    /// <summary>
    /// <c>$ANALYSIS_FEDERATION</c>, else <c>federation.json</c> in the sites folder of <c>analysis sites up</c>:
    /// <c>$ANALYSIS_SITES_DIR</c>, else <c>$XDG_DATA_HOME/analysis/sites</c> (<c>~/.local/share</c> by default).
    /// </summary>
    public static string DefaultCatalogPath()
    {
        if (Variable(CatalogVariable) is { } catalog) return catalog;
        if (Variable("ANALYSIS_SITES_DIR") is { } sites) return Path.Combine(sites, "federation.json");
        var data = Variable("XDG_DATA_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "analysis", "sites", "federation.json");
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>The sites, in catalog order.</summary>
    public IReadOnlyList<Site> Sites { get; }

    /// <summary>Timeouts and retries.</summary>
    public FederationOptions Options { get; }

    /// <summary>A cohort of every patient at every site, to be narrowed fluently.</summary>
    public Cohort Cohort() => new(this);

    /// <summary>Whether each site's node answers, and how fast; never throws for a site that is down.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FederationStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        new(await Task.WhenAll(clients.Select(c => c.StatusAsync(cancellationToken))).ConfigureAwait(false));

    internal async Task<FederatedCount> CountAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["filter"] = cohort.ToFilter() };
        var counts = await Task.WhenAll(clients.Select(async c =>
            ReadCount(c.Site.Name, await c.QueryAsync("api/v1/count", body.DeepClone(), cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return new FederatedCount(counts);
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to <paramref name="path"/> at every site in parallel and reads each answer with
    /// <paramref name="read"/>. A site that fails, or whose answer <paramref name="read"/> rejects by throwing
    /// <see cref="UnexpectedAnswerException"/>, <see cref="JsonException"/>, <see cref="FormatException"/> or
    /// <see cref="InvalidOperationException"/>, gives a failed <see cref="SiteAnswer{T}"/>; the others are kept.
    /// </summary>
    /// <remarks>The building block of every federated statistic; libraries that add node endpoints use it too.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<SiteAnswer<T>>> AskAllAsync<T>(string path, JsonObject body, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        await Task.WhenAll(clients.Select(c => AskAsync(c, path, body.DeepClone(), read, cancellationToken))).ConfigureAwait(false);

    /// <summary>The same question to one site, by name; used where a federated algorithm needs a site's own answer.</summary>
    /// <exception cref="InvalidOperationException">No site of that name.</exception>
    public Task<SiteAnswer<T>> AskAsync<T>(string site, string path, JsonObject body, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        AskAsync(clients.FirstOrDefault(c => c.Site.Name == site) ?? throw new InvalidOperationException($"no site '{site}' in this federation"), path, body, read, cancellationToken);

    internal static async Task<SiteAnswer<T>> AskAsync<T>(SiteClient client, string path, JsonNode body, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var reply = await client.QueryAsync(path, body, cancellationToken).ConfigureAwait(false);
        if (reply.Failure is { } failure) return new SiteAnswer<T>(client.Site.Name, default, failure);
        try
        {
            return new SiteAnswer<T>(client.Site.Name, read(reply.Body), null);
        }
        catch (Exception e) when (e is UnexpectedAnswerException or JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return new SiteAnswer<T>(client.Site.Name, default, $"unexpected answer: {e.Message}");
        }
    }

    private static SiteCount ReadCount(string site, SiteReply reply)
    {
        if (reply.Failure is { } failure) return SiteCount.Failed(site, failure);
        if (reply.Body.ValueKind == JsonValueKind.Object && reply.Body.TryGetProperty("count", out var count) && count.ValueKind == JsonValueKind.Object)
        {
            if (count.TryGetProperty("value", out var value) && value.TryGetInt64(out var n)) return SiteCount.Released(site, n);
            if (count.TryGetProperty("suppressed", out var hidden) && hidden.ValueKind == JsonValueKind.True)
                return SiteCount.Hidden(site, count.TryGetProperty("display", out var display) && display.ValueKind == JsonValueKind.String ? display.GetString()! : "suppressed");
        }
        return SiteCount.Failed(site, "unexpected answer: no count in it");
    }

    /// <summary>Closes the connections to the sites.</summary>
    public void Dispose() => http.Dispose();
}
