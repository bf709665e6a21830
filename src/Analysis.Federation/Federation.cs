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
        IReadOnlyList<Site> list = [.. sites];
        if (list.Count == 0) throw new ArgumentException("a federation needs at least one site", nameof(sites));
        Sites = new FederationSites(list, StatusAsync);
        // Timeouts are per site and per question (FederationOptions.SiteTimeout), so the client's own is off.
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        clients = [.. list.Select(s => new SiteClient(s, http, Options))];
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

    /// <summary>The sites, in catalog order; showing them in a notebook shows each one's live status.</summary>
    public FederationSites Sites { get; }

    /// <summary>Timeouts and retries.</summary>
    public FederationOptions Options { get; }

    /// <summary>A cohort of every patient at every site, to be narrowed fluently.</summary>
    public Cohort Cohort() => new(this);

    /// <summary>Whether each site's node answers, how fast, its version, size and disclosure thresholds; never throws for a site that is down.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FederationStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        new(await Task.WhenAll(clients.Select(c => c.StatusAsync(cancellationToken))).ConfigureAwait(false));

    internal async Task<FederatedCount> CountAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var answers = await AskAllAsync("api/v1/count", new JsonObject { ["filter"] = cohort.ToFilter() },
            body => ReleasedCell.Read(UnexpectedAnswerException.Member(body, "count")), cancellationToken).ConfigureAwait(false);
        return new FederatedCount([.. answers.Select(a => a switch
        {
            { Failure: { } failure } => SiteCount.Failed(a.Site, failure),
            { Value.Value: { } n } => SiteCount.Released(a.Site, n),
            _ => SiteCount.Hidden(a.Site, a.Value.Display),
        })]);
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to <paramref name="path"/> at every site in parallel and reads each answer with
    /// <paramref name="read"/>. A site that fails, or whose answer <paramref name="read"/> rejects by throwing
    /// <see cref="UnexpectedAnswerException"/>, <see cref="JsonException"/>, <see cref="FormatException"/> or
    /// <see cref="InvalidOperationException"/>, gives a failed <see cref="SiteAnswer{T}"/>; the others are kept.
    /// </summary>
    /// <remarks>The building block of every federated statistic; libraries that add node endpoints use it too.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<IReadOnlyList<SiteAnswer<T>>> AskAllAsync<T>(string path, JsonObject body, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        AskAsync(Sites.Select(s => s.Name), path, body, read, path, cancellationToken);

    /// <summary>
    /// The same question to the named sites only, in parallel; <paramref name="question"/> labels the progress reports
    /// (e.g. <c>cox: iteration 3</c>). Used by iterative algorithms that must keep asking the sites they started with.
    /// </summary>
    /// <exception cref="InvalidOperationException">A name is not a site of this federation.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<SiteAnswer<T>>> AskAsync<T>(IEnumerable<string> sites, string path, JsonObject body, Func<JsonElement, T> read,
        string question, CancellationToken cancellationToken)
    {
        var asked = sites.Select(name => clients.FirstOrDefault(c => c.Site.Name == name) ?? throw new InvalidOperationException($"no site '{name}' in this federation")).ToList();
        var done = 0;
        var progress = Progress;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, AmbientCancellation?.Invoke() ?? CancellationToken.None);
        return await Task.WhenAll(asked.Select(async c =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var answer = await AskAsync(c, path, body.DeepClone(), read, cancel.Token).ConfigureAwait(false);
            progress?.Report(new FederationProgress(question, c.Site.Name, answer.Answered,
                answer.Failure ?? $"{clock.Elapsed.TotalMilliseconds:0} ms", Interlocked.Increment(ref done), asked.Count));
            return answer;
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// Where progress of federated operations is reported, site by site; defaults to <see cref="DefaultProgress"/>, which
    /// the notebook kernel sets so long operations show live progress in the cell. Null reports nothing.
    /// </summary>
    public IProgress<FederationProgress>? Progress { get; set; } = DefaultProgress;

    /// <summary>The progress sink new federations start with (set by the kernel extension; null elsewhere).</summary>
    public static IProgress<FederationProgress>? DefaultProgress { get; set; }

    /// <summary>
    /// A token every federated request also obeys, read when a question is sent. The notebook kernel sets it to the
    /// running cell's interrupt token, so interrupting a cell stops all in-flight requests without passing a token.
    /// </summary>
    public static Func<CancellationToken>? AmbientCancellation { get; set; }

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

    /// <summary>Closes the connections to the sites.</summary>
    public void Dispose() => http.Dispose();
}
