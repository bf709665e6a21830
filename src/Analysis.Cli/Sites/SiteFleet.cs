using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Analysis.Federation;
using Analysis.Synthetic;

namespace Analysis.Cli.Sites;

/// <summary>What <c>analysis sites up</c> was asked for.</summary>
/// <param name="Sites">How many sites of the roster.</param>
/// <param name="Patients">Patients per site.</param>
/// <param name="Seed">Generator seed (shared; the site name makes each cohort different).</param>
/// <param name="BasePort">First port (site i gets BasePort + i); 0 picks free ports.</param>
/// <param name="Open">Names of the sites whose datasets are open (their token may read patient rows).</param>
internal sealed record UpRequest(int Sites, int Patients, ulong Seed, int BasePort, IReadOnlySet<string> Open);

/// <summary>One site after <c>up</c>, for the table.</summary>
/// <param name="Entry">Its catalog entry.</param>
/// <param name="Pid">The node's pid.</param>
/// <param name="Action">"started", "restarted" or "reused".</param>
/// <param name="Generated">True when its data was (re)generated.</param>
internal sealed record SiteState(Site Entry, int Pid, string Action, bool Generated);

/// <summary>The local sites under one folder: brings their nodes up, down, and reports them.</summary>
/// <param name="directory">The sites folder (one sub-folder per site, plus <c>federation.json</c>).</param>
/// <param name="log">Progress messages.</param>
internal sealed class SiteFleet(string directory, TextWriter log)
{
    /// <summary>How long a node may take to ingest and answer before <c>up</c> gives up on it.</summary>
    public static TimeSpan StartTimeout { get; } = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private string Folder(SiteDefinition site) => Path.Combine(directory, site.Name);

    /// <summary>Generates missing or different data, starts the nodes not already serving it, waits until every one answers
    /// and writes the catalog. Sites of the roster beyond the requested count are stopped so the catalog matches what runs.</summary>
    /// <exception cref="InvalidOperationException">A node did not come up (the message holds the end of its log).</exception>
    public IReadOnlyList<SiteState> Up(UpRequest request)
    {
        Directory.CreateDirectory(directory);
        var previous = FederationCatalog.LoadOrEmpty(Path.Combine(directory, FederationCatalog.FileName));
        var chosen = SiteRoster.All.Take(request.Sites).ToList();
        foreach (var extra in SiteRoster.All.Skip(request.Sites))
            if (StopOne(extra) is { } stopped) log.WriteLine($"stopped {extra.Name} (pid {stopped}): not among the first {request.Sites}");

        var states = new List<SiteState>();
        var usedPorts = new HashSet<int>();
        for (var i = 0; i < chosen.Count; i++)
        {
            var site = chosen[i];
            var folder = Folder(site);
            var options = SiteData.Options(site, request.Patients, request.Seed);
            var current = SiteData.IsCurrent(folder, options);
            var running = NodeProcess.Running(folder);
            var open = request.Open.Contains(site.Name);
            if (current && running is { } pid && SiteData.IsOpen(folder) == open && previous.Find(site.Name) is { } entry && Answers(entry))
            {
                usedPorts.Add(entry.Url.Port);
                states.Add(new SiteState(entry, pid, "reused", Generated: false));
                continue;
            }
            if (running is not null) NodeProcess.Stop(folder, StopGrace);
            if (!current)
            {
                log.WriteLine($"generating {request.Patients} patients for {site.Name} ({site.Profile.Name})");
                SiteDataWriter.Write(options, folder);
            }
            var token = SiteData.WriteConfig(folder, site, open);
            var port = request.BasePort > 0 ? request.BasePort + i : FreePort(usedPorts);
            usedPorts.Add(port);
            var url = $"http://127.0.0.1:{port}/";
            var started = NodeProcess.Start(folder, port);
            states.Add(new SiteState(new Site(site.Name, site.Country, new Uri(url), token, new Uri(url + "api/"), FhirUrl: open ? new Uri(url + "fhir/") : null),
                started, running is null ? "started" : "restarted", !current));
        }

        // All nodes ingest at once; waiting afterwards overlaps their start-up.
        foreach (var state in states.Where(s => s.Action != "reused")) WaitUntilAnswering(state);
        var path = new FederationCatalog(states.Select(s => s.Entry).ToList()).Write(Path.Combine(directory, FederationCatalog.FileName));
        log.WriteLine($"catalog: {path}");
        return states;
    }

    /// <summary>Stops every site node under the folder (any roster site with a pid file) and removes the pid files.</summary>
    /// <returns>The sites stopped, with their pids.</returns>
    public IReadOnlyList<(string Site, int Pid)> Down()
    {
        var stopped = new List<(string, int)>();
        foreach (var site in SiteRoster.All)
            if (StopOne(site) is { } pid) stopped.Add((site.Name, pid));
        return stopped;
    }

    /// <summary>Every roster site that has a folder here, whether its node runs, and its catalog entry.</summary>
    public IReadOnlyList<(SiteDefinition Site, int? Pid, Site? Entry)> Status()
    {
        var catalog = FederationCatalog.LoadOrEmpty(Path.Combine(directory, FederationCatalog.FileName));
        return SiteRoster.All.Where(s => Directory.Exists(Folder(s)))
            .Select(s => (s, NodeProcess.Running(Folder(s)), catalog.Find(s.Name))).ToList();
    }

    private int? StopOne(SiteDefinition site)
    {
        var folder = Folder(site);
        if (!Directory.Exists(folder)) return null;
        // A stale pid file (the node died) is removed too, so a later 'up' starts from a clean state.
        var hadPidFile = File.Exists(Path.Combine(folder, NodeProcess.PidFile));
        var pid = NodeProcess.Stop(folder, StopGrace);
        if (pid is null && hadPidFile) log.WriteLine($"{site.Name}: removed a stale pid file");
        return pid;
    }

    private void WaitUntilAnswering(SiteState state)
    {
        var folder = Path.Combine(directory, state.Entry.Name);
        var clock = Stopwatch.StartNew();
        Stopwatch? notNode = null;
        while (clock.Elapsed < StartTimeout)
        {
            if (Answers(state.Entry)) return;
            // /proc/PID/cmdline reads empty while the process is in execve, so one miss is not an exit: only a
            // process that stays gone (or stays something else) for a while has died.
            if (NodeProcess.IsNodeFor(state.Pid, folder)) notNode = null;
            else notNode ??= Stopwatch.StartNew();
            if (notNode?.Elapsed > TimeSpan.FromSeconds(2))
            {
                File.Delete(Path.Combine(folder, NodeProcess.PidFile));
                throw new InvalidOperationException($"the node for {state.Entry.Name} exited during start-up; end of {Path.Combine(folder, NodeProcess.LogFile)}:\n{NodeProcess.LogTail(folder)}");
            }
            Thread.Sleep(200);
        }
        NodeProcess.Stop(folder, StopGrace);
        throw new InvalidOperationException($"the node for {state.Entry.Name} did not answer within {StartTimeout.TotalSeconds:0} s; end of its log:\n{NodeProcess.LogTail(folder)}");
    }

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>True when the node answers an authenticated count, which proves it ingested and accepts the token.</summary>
    public static bool Answers(Site site)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(site.Url, "api/v1/count"))
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", site.Token);
            using var response = Http.Send(request);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            return false;
        }
    }

    /// <summary>A loopback port free now. Another program could take it before the node binds; the node then exits and
    /// <c>up</c> reports it, which is rare enough not to retry.</summary>
    private static int FreePort(HashSet<int> taken)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!taken.Contains(port)) return port;
        }
    }
}
