// Federated statistics against the same statistics on the pooled rows, and our Cox fit against R's coxph, in one run.
// Usage: dotnet run -c Release --project bench/federation [-- --patients 2000 --runs 15 --ties efron|breslow --mode exact|protected --sites 1,2,4,8 --output bench/results/federation.json]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Analysis.Contracts;
using DuckDB.NET.Data;
using Analysis.Federation;
using Analysis.Node.Configuration;
using Analysis.Node.Http;
using Analysis.Node.Ingest;
using Analysis.Stats;
using Analysis.Synthetic;

var patients = Option("--patients", 2000);
var runs = Option("--runs", 15);
var output = OptionText("--output", Path.Combine("bench", "results", "federation.json"));
var ties = OptionText("--ties", "efron") switch
{
    "efron" => CoxTies.Efron,
    "breslow" => CoxTies.Breslow,
    var other => throw new ArgumentException($"--ties must be efron or breslow, not '{other}'"),
};
// Exact: the nodes release exact sums (a trusted environment's policy), so the federated fit must equal the pooled one.
// Protected (the nodes' default): released numbers are perturbed and rounded, so the fits agree only approximately.
var mode = OptionText("--mode", "exact") switch
{
    "exact" => DisclosureMode.Exact,
    "protected" => DisclosureMode.Protected,
    var other => throw new ArgumentException($"--mode must be exact or protected, not '{other}'"),
};
int[] siteCounts = [.. OptionText("--sites", "1,2,4,8").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture))];
string[] roster = ["oslo", "lyon", "heidelberg", "porto", "uppsala", "milan", "utrecht", "tartu"];
const string Token = "bench-token";
Variable[] covariates = [Variable.AgeAtDiagnosis, Variable.Sex, Variable.StageGroup];
string[] covariateNames = [.. covariates.Select(c => c.Name)];

var root = Directory.CreateTempSubdirectory("analysis-bench-federation").FullName;
var servers = new List<NodeServer>();
var results = new List<Dictionary<string, object>>();
try
{
    Console.Error.WriteLine($"Generating and ingesting {roster.Length} sites of {patients} patients in {root}");
    var config = new NodeConfig { Open = true, Policy = new DisclosurePolicy { Mode = mode }, Tokens = [new TokenGrant(Token, "bench", [Scopes.Aggregate, Scopes.Records])] };
    var folders = new List<string>();
    foreach (var (name, i) in roster.Select((n, i) => (n, i)))
    {
        var dir = Path.Combine(root, name);
        SiteDataWriter.Write(new GeneratorOptions { Site = name, Patients = patients, Seed = 7 + (ulong)i }, dir);
        var report = new SiteIngestor(dir).Ingest();
        folders.Add(dir);
        if (!report.Succeeded) throw new InvalidOperationException(string.Join("; ", report.Errors.Select(e => e.Message)));
        servers.Add(await NodeServer.StartAsync(dir, config, 0));
    }

    Console.WriteLine($"{patients} patients per site, median of {runs} runs (ms), nodes in {mode.ToString().ToLowerInvariant()} mode, Cox with {ties} ties");
    Console.WriteLine("pooled = the same statistic on the pooled rows in this process: 'mem' from rows already in memory, 'db' reading them from the sites' DuckDB files first");
    Console.WriteLine($"{"sites",5} {"count",7} {"KM fed",7} {"KM mem",7} {"KM db",7} {"ratio mem",9} {"ratio db",8} {"Cox fed",8} {"Cox mem",8} {"Cox db",8} {"ratio mem",9} {"ratio db",8} {"iter fed",8} {"iter pooled",11}");
    ColumnSource? pooledAtEight = null;
    double ourCoxAtEight = 0;
    foreach (var k in siteCounts)
    {
        using var fed = new FederationClient(servers.Take(k).Select((s, i) => new Site(roster[i], "XX", s.Address, Token, null, null)));
        var colon = fed.Cohort().Diagnosis(Snomed.ColonCancer);
        var count = await Median(runs, () => colon.CountAsync());
        var km = await Median(runs, () => fed.Cohort().KaplanMeierAsync(Variable.StageGroup));
        var cox = await Median(runs, () => fed.Cohort().CoxAsync(ties, covariates));
        var fitted = await fed.Cohort().CoxAsync(ties, covariates);

        var pooled = await PooledRows(servers.Take(k).Select((s, i) => (roster[i], s.Address)).ToList());
        var kmPooled = await Median(runs, () => Task.FromResult(Survival.KaplanMeier(pooled, "grid_time", "event", "stage_group")));
        var coxPooled = await Median(runs, () => Task.FromResult(CoxModel.Cox(pooled, "cox_time", "event", covariateNames, strata: k > 1 ? "site" : null, ties: ties)));
        // The pooled peer with the data access a node has: the rows read from each site's DuckDB file, then the statistic.
        var sites = folders.Take(k).Select((f, i) => (roster[i], f)).ToList();
        if (DatabaseRows(sites).RowCount != pooled.RowCount) throw new InvalidOperationException("the DuckDB files and the records endpoint give different rows");
        var kmDatabase = await Median(runs, () => Task.FromResult(Survival.KaplanMeier(DatabaseRows(sites), "grid_time", "event", "stage_group")));
        var coxDatabase = await Median(runs, () => Task.FromResult(CoxModel.Cox(DatabaseRows(sites), "cox_time", "event", covariateNames, strata: k > 1 ? "site" : null, ties: ties)));
        var local = CoxModel.Cox(pooled, "cox_time", "event", covariateNames, strata: k > 1 ? "site" : null, ties: ties);
        var largest = fitted.Result.Terms.Zip(local.Terms).Max(t => Math.Abs(t.First.Coefficient - t.Second.Coefficient));
        if (mode == DisclosureMode.Exact && largest > 1e-6) throw new InvalidOperationException($"federated and pooled Cox differ by {largest}");
        Console.WriteLine($"{k,5} {count,7:0.0} {km,7:0.0} {kmPooled,7:0.0} {kmDatabase,7:0.0} {km / kmPooled,9:0.0} {km / kmDatabase,8:0.0} {cox,8:0.0} {coxPooled,8:0.0} {coxDatabase,8:0.0} {cox / coxPooled,9:0.0} {cox / coxDatabase,8:0.0} {fitted.Result.Iterations,8} {local.Iterations,11}");
        results.Add(new() { ["sites"] = k, ["patients"] = pooled.RowCount, ["mode"] = mode.ToString(), ["countMs"] = count, ["kmFederatedMs"] = km, ["kmPooledMs"] = kmPooled,
            ["kmPooledFromDuckDbMs"] = kmDatabase, ["coxFederatedMs"] = cox, ["coxPooledMs"] = coxPooled, ["coxPooledFromDuckDbMs"] = coxDatabase,
            ["coxIterations"] = fitted.Result.Iterations, ["coxPooledIterations"] = local.Iterations, ["ties"] = ties.ToString(), ["maxCoefficientDifference"] = largest });
        if (k == siteCounts[^1])
        {
            pooledAtEight = pooled;
            ourCoxAtEight = coxPooled;
        }
    }

    var r = RCoxph(pooledAtEight!, runs, covariateNames, ties);
    if (mode != DisclosureMode.Exact) Console.WriteLine("(protected mode: the federated coefficients are approximate, so they are not checked against the pooled fit)");
    if (r is { } seconds)
    {
        Console.WriteLine($"Cox ({ties} ties) on {pooledAtEight!.RowCount} pooled rows, stratified by site: ours {ourCoxAtEight:0.0} ms, R coxph {seconds * 1000:0.0} ms, ratio ours/R {ourCoxAtEight / (seconds * 1000):0.00}");
        results.Add(new() { ["coxOursMs"] = ourCoxAtEight, ["coxRMs"] = seconds * 1000, ["rows"] = pooledAtEight.RowCount });
    }
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, JsonSerializer.Serialize(new { machine = Environment.MachineName, cores = Environment.ProcessorCount,
        loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "", patientsPerSite = patients, runs, results },
        new JsonSerializerOptions { WriteIndented = true }));
    Console.Error.WriteLine($"wrote {output}");
}
finally
{
    foreach (var server in servers) await server.DisposeAsync();
    Directory.Delete(root, recursive: true);
}

static async Task<double> Median<T>(int runs, Func<Task<T>> action)
{
    for (var i = 0; i < 2; i++) await action();
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        await action();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

// The open datasets' rows through the records endpoint, with the survival times the node's grid and Cox endpoint use.
static async Task<ColumnSource> PooledRows(IReadOnlyList<(string Site, Uri Url)> sites)
{
    using var http = new HttpClient();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    var columns = new Dictionary<string, List<object?>>();
    void Add(string name, object? value) => (columns.TryGetValue(name, out var list) ? list : columns[name] = []).Add(value);
    foreach (var (site, url) in sites)
    {
        using var response = await http.PostAsync(new Uri(url, "api/v1/records"), new StringContent("{}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var row in json.RootElement.GetProperty("records").EnumerateArray())
        {
            var days = row.GetProperty("followup_days").GetDouble();
            Add("site", site);
            Add("age_at_diagnosis", row.GetProperty("age_at_diagnosis").GetDouble());
            Add("sex", row.GetProperty("sex").GetString());
            Add("stage_group", row.GetProperty("stage_group").GetString());
            Add("event", row.GetProperty("event").GetDouble());
            Add("grid_time", (Math.Floor(days / 30) + 1) * 30);
            Add("cox_time", Math.Ceiling(days / 30) * 30);
        }
    }
    return ColumnSource.FromColumns(columns.ToDictionary(c => c.Key, c => (IReadOnlyList<object?>)c.Value));
}

// The sites' rows read straight from their DuckDB files (the node's own tables), with the same derived columns as PooledRows.
static ColumnSource DatabaseRows(IReadOnlyList<(string Site, string Folder)> sites)
{
    var site = new List<object?>();
    var age = new List<object?>();
    var sex = new List<object?>();
    var stage = new List<object?>();
    var died = new List<object?>();
    var grid = new List<object?>();
    var cox = new List<object?>();
    foreach (var (name, folder) in sites)
    {
        // The connection string the node uses, so DuckDB.NET shares the node's database instance for the file.
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(Path.GetFullPath(folder), "site.duckdb")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(age_at_diagnosis AS DOUBLE), sex, stage_group, CAST(event AS DOUBLE), CAST(followup_days AS DOUBLE) FROM patients";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var days = reader.GetDouble(4);
            site.Add(name);
            age.Add(reader.GetDouble(0));
            sex.Add(reader.GetString(1));
            stage.Add(reader.GetString(2));
            died.Add(reader.GetDouble(3));
            grid.Add((Math.Floor(days / 30) + 1) * 30);
            cox.Add(Math.Ceiling(days / 30) * 30);
        }
    }
    return ColumnSource.FromColumns(new Dictionary<string, IReadOnlyList<object?>>
    {
        ["site"] = site, ["age_at_diagnosis"] = age, ["sex"] = sex, ["stage_group"] = stage, ["event"] = died, ["grid_time"] = grid, ["cox_time"] = cox,
    });
}

// R's coxph on the same rows: the median of the timed fits, or null (with a message) when R is not installed.
static double? RCoxph(ColumnSource table, int runs, string[] covariates, CoxTies ties)
{
    if (!File.Exists("/usr/bin/Rscript"))
    {
        Console.WriteLine("R comparison skipped: /usr/bin/Rscript not found (apt-get install r-base-core r-cran-survival)");
        return null;
    }
    var dir = Directory.CreateTempSubdirectory("analysis-bench-r").FullName;
    try
    {
        var csv = Path.Combine(dir, "pooled.csv");
        string[] names = ["site", "cox_time", "event", .. covariates];
        var text = new StringBuilder(string.Join(',', names)).Append('\n');
        var values = names.Select(n => table.Text(n)).ToArray();
        for (var i = 0; i < table.RowCount; i++) text.Append(string.Join(',', values.Select(v => v[i]))).Append('\n');
        File.WriteAllText(csv, text.ToString());
        var script = $$"""
            suppressMessages(library(survival))
            d <- read.csv("{{csv}}", colClasses = c(site = "character", sex = "character", stage_group = "character"))
            f <- function() coxph(Surv(cox_time, event) ~ age_at_diagnosis + sex + stage_group + strata(site), data = d, ties = "{{ties.ToString().ToLowerInvariant()}}")
            invisible(f()); invisible(f())
            t <- sapply(1:{{runs}}, function(i) system.time(f())[["elapsed"]])
            cat(median(t), "\n")
            """;
        var start = new ProcessStartInfo("/usr/bin/Rscript", ["-e", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"Rscript failed: {stderr}");
        return double.Parse(stdout.Trim(), CultureInfo.InvariantCulture);
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
}

int Option(string name, int fallback) => int.TryParse(OptionText(name, ""), out var v) ? v : fallback;

string OptionText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
