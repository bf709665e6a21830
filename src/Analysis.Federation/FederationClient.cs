namespace Analysis.Federation;

/// <summary>
/// The sites of a federation, asked in parallel. A site that is down, slow, refuses or errs gives a result naming the
/// reason while the others' answers are kept, so a notebook cell always shows what could be learned.
/// </summary>
/// <example><code>
/// var fed = FederationClient.Local();
/// var breast = fed.Cohort().Diagnosis(Snomed.BreastCancer);
/// await breast.CountAsync()
/// </code></example>
public sealed class FederationClient : IDisposable
{
    /// <summary>The environment variable naming the catalog (exported by <c>lab.sh</c>).</summary>
    public const string CatalogVariable = "ANALYSIS_FEDERATION";

    private readonly HttpClient http;
    private readonly IReadOnlyList<SiteClient> clients;

    /// <summary>A federation of <paramref name="sites"/>.</summary>
    /// <param name="sites">The sites, in the order results list them.</param>
    /// <param name="options">Timeouts, retries, progress and cancellation; <see cref="FederationOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">No sites were given.</exception>
    public FederationClient(IEnumerable<Site> sites, FederationOptions? options = null)
    {
        Options = options ?? FederationOptions.Default;
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
    public static FederationClient Connect(string path, FederationOptions? options = null) => new(FederationCatalog.Load(path).Sites, options);

    /// <summary>The local federation started by <c>analysis sites up</c> (or <c>lab.sh</c>).</summary>
    /// <exception cref="FederationCatalogException">No catalog there; start the sites first.</exception>
    public static FederationClient Local(FederationOptions? options = null) => Connect(DefaultCatalogPath(), options);

    /// <summary>
    /// <c>$ANALYSIS_FEDERATION</c>, else <c>federation.json</c> in the sites folder of <c>analysis sites up</c>:
    /// <c>$ANALYSIS_SITES_DIR</c>, else <c>$XDG_DATA_HOME/analysis/sites</c> (<c>~/.local/share</c> by default).
    /// </summary>
    public static string DefaultCatalogPath()
    {
        if (Environment(CatalogVariable) is { } catalog) return catalog;
        if (Environment("ANALYSIS_SITES_DIR") is { } sites) return Path.Combine(sites, FederationCatalog.FileName);
        var data = Environment("XDG_DATA_HOME")
                   ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "analysis", "sites", FederationCatalog.FileName);
    }

    private static string? Environment(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>The sites, in catalog order; showing them in a notebook shows each one's live status.</summary>
    public FederationSites Sites { get; }

    /// <summary>Timeouts, retries, progress and cancellation.</summary>
    public FederationOptions Options { get; }

    /// <summary>A cohort of every patient at every site, to be narrowed fluently.</summary>
    public Cohort Cohort() => new(this);

    /// <summary>An imaging search over every site (EUCAIM's five categories), to be narrowed fluently.</summary>
    public ImagingQuery Imaging() => new(this);

    /// <summary>Whether each site's node answers, how fast, its version, size and disclosure thresholds; never throws for a site that is down.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FederationStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        new(await Task.WhenAll(clients.Select(c => c.StatusAsync(cancellationToken))).ConfigureAwait(false));

    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="endpoint"/> at every site in parallel. A site that fails, or
    /// whose answer does not read or make sense, gives a failed <see cref="SiteAnswer{T}"/> naming the reason; the others are kept.
    /// </summary>
    /// <remarks>The building block of every federated statistic; libraries that add node endpoints use it too.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> or the options' <see cref="FederationOptions.Cancellation"/> was cancelled.</exception>
    public Task<IReadOnlyList<SiteAnswer<TResult>>> AskAllAsync<TRequest, TResult>(NodeEndpoint<TRequest, TResult> endpoint, TRequest request,
        CancellationToken cancellationToken = default) where TResult : class =>
        AskAsync(Sites.Select(s => s.Name), endpoint, request, endpoint.Path, cancellationToken);

    /// <summary>
    /// The same question to the named sites only, in parallel; <paramref name="question"/> labels the progress reports
    /// (e.g. <c>cox: iteration 3</c>). Used by iterative algorithms that must keep asking the sites they started with.
    /// </summary>
    /// <exception cref="InvalidOperationException">A name is not a site of this federation.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> or the options' <see cref="FederationOptions.Cancellation"/> was cancelled.</exception>
    public async Task<IReadOnlyList<SiteAnswer<TResult>>> AskAsync<TRequest, TResult>(IEnumerable<string> sites, NodeEndpoint<TRequest, TResult> endpoint,
        TRequest request, string question, CancellationToken cancellationToken = default) where TResult : class
    {
        var asked = sites.Select(name => clients.FirstOrDefault(c => c.Site.Name == name) ?? throw new InvalidOperationException($"no site '{name}' in this federation")).ToList();
        var done = 0;
        using var cancel = Linked(cancellationToken);
        return await Task.WhenAll(asked.Select(async c =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var answer = await c.AskAsync(endpoint, request, cancel.Token).ConfigureAwait(false);
            Options.Progress?.Report(new FederationProgress(question, c.Site.Name, answer.Answered,
                answer.Failure ?? $"{clock.Elapsed.TotalMilliseconds:0} ms", Interlocked.Increment(ref done), asked.Count));
            return answer;
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// Why a result pooled from <paramref name="sites"/> is not exact because of the sites' disclosure policies: a
    /// caveat naming the sites in protected mode (perturbed, rounded counts; coarsened values) and one naming the sites
    /// that did not say (their policy is unknown). Empty when every included site releases exactly.
    /// </summary>
    /// <param name="sites">How each site took part; only the included ones matter.</param>
    /// <param name="cancellationToken">Cancels the policy requests (each site is asked once per client).</param>
    internal async Task<IReadOnlyList<string>> DisclosureCaveatsAsync(IEnumerable<SiteContribution> sites, CancellationToken cancellationToken)
    {
        var included = sites.Where(s => s.Included).Select(s => clients.FirstOrDefault(c => c.Site.Name == s.Site)).OfType<SiteClient>().ToList();
        var policies = await Task.WhenAll(included.Select(async c => (c.Site.Name, Policy: await c.PolicyAsync(cancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);
        var caveats = new List<string>();
        var protectedSites = policies.Where(p => p.Policy is { IsExact: false }).ToList();
        if (protectedSites.Count > 0)
            caveats.Add($"{string.Join(", ", protectedSites.Select(p => p.Name))} {(protectedSites.Count == 1 ? "protects its" : "protect their")} answers " +
                        $"({string.Join("; ", protectedSites.Select(p => p.Policy!).Distinct().Select(Describe))}): the result is approximate, " +
                        "not the pooled-data answer (docs/privacy.md)");
        var unknown = policies.Where(p => p.Policy is null).Select(p => p.Name).ToList();
        if (unknown.Count > 0)
            caveats.Add($"{string.Join(", ", unknown)} did not report {(unknown.Count == 1 ? "its" : "their")} disclosure policy: the result may not be exact");
        return caveats;
    }

    /// <summary>
    /// The largest amount by which the included sites' noise can move one released count, summed over the sites: each
    /// protected site's <c>noiseMax</c>, 0 for an exact one, and the default's for a site that did not say. A pooled
    /// cumulative count is within this of the truth.
    /// </summary>
    /// <param name="sites">How each site took part; only the included ones count.</param>
    /// <param name="cancellationToken">Cancels the policy requests (each site is asked once per client).</param>
    internal async Task<int> NoiseBoundAsync(IEnumerable<SiteContribution> sites, CancellationToken cancellationToken)
    {
        var included = sites.Where(s => s.Included).Select(s => clients.FirstOrDefault(c => c.Site.Name == s.Site)).OfType<SiteClient>().ToList();
        var policies = await Task.WhenAll(included.Select(c => c.PolicyAsync(cancellationToken))).ConfigureAwait(false);
        return policies.Sum(p => p is null ? new Analysis.Contracts.DisclosurePolicy().NoiseMax : p.IsExact ? 0 : p.NoiseMax);
    }

    /// <summary>A protected policy in a few words, e.g. <c>counts ±2 then rounded to 5, ages in 5-year bands, follow-up on a 30-day grid</c>.</summary>
    internal static string Describe(Analysis.Contracts.DisclosurePolicy policy) =>
        $"counts perturbed by up to ±{policy.NoiseMax} and rounded to {policy.RoundingBase}, ages in {policy.AgeBandYears}-year bands, " +
        $"follow-up on a {policy.SurvivalGridDays}-day grid";

    /// <summary>The caller's token joined with the options' (the running notebook cell's), read now.</summary>
    internal CancellationTokenSource Linked(CancellationToken cancellationToken) =>
        CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Options.Cancellation?.Invoke() ?? CancellationToken.None);

    /// <summary>Closes the connections to the sites.</summary>
    public void Dispose() => http.Dispose();
}
