using System.CommandLine;
using System.Globalization;
using Analysis.Cli.Sites;
using Analysis.Federation;

namespace Analysis.Cli;

/// <summary><c>analysis sites up|down|status</c>: a local federation of synthetic sites, one detached node each.</summary>
internal static class SitesCommand
{
    /// <summary>The environment variable that overrides the default sites folder.</summary>
    public const string DirectoryVariable = "ANALYSIS_SITES_DIR";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var sites = new Command("sites", "Run a local federation of synthetic sites: one node per site in the background, listed in federation.json.");
        sites.Subcommands.Add(Up());
        sites.Subcommands.Add(Down());
        sites.Subcommands.Add(Status());
        return sites;
    }

    /// <summary>The sites folder: <c>--dir</c>, else <c>$ANALYSIS_SITES_DIR</c>, else <c>$XDG_DATA_HOME/analysis/sites</c>
    /// (<c>~/.local/share/analysis/sites</c>) — per user rather than per checkout, so any notebook finds the same federation.</summary>
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } explicitDir) return Path.GetFullPath(explicitDir);
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "analysis", "sites");
    }

    private static Option<string?> DirOption() =>
        new("--dir") { Description = $"Sites folder (default: ${DirectoryVariable}, else $XDG_DATA_HOME/analysis/sites)." };

    private static string Directory(ParseResult parse, Option<string?> dir) =>
        parse.GetValue(dir) is { Length: > 0 } d ? Path.GetFullPath(d) : DefaultDirectory();

    private static Command Up()
    {
        // Numbers are read as text and checked here so every bad value gets exit code 2 and a message naming the option.
        var count = new Option<string>("--sites") { Description = $"Number of sites (1 to {SiteRoster.All.Count}).", DefaultValueFactory = _ => "3" };
        var patients = new Option<string>("--patients") { Description = "Patients per site (at least 1).", DefaultValueFactory = _ => "2000" };
        var seed = new Option<string>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => "1" };
        var basePort = new Option<string>("--base-port") { Description = "Site i listens on BASE+i; 0 picks free ports.", DefaultValueFactory = _ => "0" };
        var open = new Option<string?>("--open") { Description = "Comma-separated sites whose datasets are open (their token may read patient rows); all are closed by default." };
        var dir = DirOption();
        var up = new Command("up", "Generate data where missing, start a node per site (reusing running ones) and write federation.json.")
        {
            count, patients, seed, basePort, open, dir,
        };
        up.SetAction(parse =>
        {
            UpRequest request;
            try
            {
                var siteCount = Number(parse.GetValue(count), "--sites", 1, SiteRoster.All.Count);
                request = new UpRequest(
                    siteCount,
                    Number(parse.GetValue(patients), "--patients", 1, 99_999_999),
                    ulong.TryParse(parse.GetValue(seed), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                        ? s : throw new ArgumentException($"--seed must be a whole number from 0 to {ulong.MaxValue} (got '{parse.GetValue(seed)}')"),
                    Number(parse.GetValue(basePort), "--base-port", 0, 65535 - SiteRoster.All.Count),
                    OpenSites(parse.GetValue(open), siteCount));
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            var folder = Directory(parse, dir);
            try
            {
                var states = new SiteFleet(folder, Console.Out).Up(request);
                Console.WriteLine($"{"site",-12} {"country",-7} {"pid",-8} {"state",-10} url");
                foreach (var s in states) Console.WriteLine($"{s.Entry.Name,-12} {s.Entry.Country,-7} {s.Pid,-8} {s.Action,-10} {s.Entry.Url}");
                Console.WriteLine($"'analysis sites down --dir {folder}' stops them.");
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                Console.Error.WriteLine($"Nodes that did start keep running; 'analysis sites down --dir {folder}' stops them.");
                return 1;
            }
        });
        return up;
    }

    private static Command Down()
    {
        var dir = DirOption();
        var down = new Command("down", "Stop the site nodes (SIGTERM, then SIGKILL after 10 s) and remove their pid files.") { dir };
        down.SetAction(parse =>
        {
            var folder = Directory(parse, dir);
            var stopped = System.IO.Directory.Exists(folder) ? new SiteFleet(folder, Console.Out).Down() : [];
            foreach (var (site, pid) in stopped) Console.WriteLine($"stopped {site} (pid {pid})");
            if (stopped.Count == 0) Console.WriteLine($"no site nodes running in {folder}");
            return 0;
        });
        return down;
    }

    private static Command Status()
    {
        var dir = DirOption();
        var status = new Command("status", "Show which site nodes are running.") { dir };
        status.SetAction(parse =>
        {
            var folder = Directory(parse, dir);
            var sites = System.IO.Directory.Exists(folder) ? new SiteFleet(folder, Console.Out).Status() : [];
            if (sites.Count == 0)
            {
                Console.WriteLine($"no sites in {folder}; 'analysis sites up' creates them");
                return 0;
            }
            Console.WriteLine($"{"site",-12} {"state",-8} {"pid",-8} url");
            foreach (var (site, pid, entry) in sites)
                Console.WriteLine($"{site.Name,-12} {(pid is null ? "stopped" : "running"),-8} {pid?.ToString(CultureInfo.InvariantCulture) ?? "-",-8} {entry?.Url.AbsoluteUri ?? "-"}");
            Console.WriteLine($"catalog: {Path.Combine(folder, FederationCatalog.FileName)}");
            return 0;
        });
        return status;
    }

    private static HashSet<string> OpenSites(string? names, int sites)
    {
        var chosen = SiteRoster.All.Take(sites).Select(s => s.Name).ToList();
        var open = (names ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        foreach (var name in open)
            if (!chosen.Contains(name))
                throw new ArgumentException($"--open names '{name}', which is not among the sites brought up ({string.Join(", ", chosen)})");
        return open;
    }

    private static int Number(string? text, string option, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} must be a whole number from {min} to {max} (got '{text}')");
}
