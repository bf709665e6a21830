// Times reading a bulk export's NDJSON with Analysis.Fhir (parse, flatten to rows, Arrow record batches) and prints
// the figures as one JSON object for bench_fhir.py, which times pandas over the same files.
using System.Diagnostics;
using System.Text.Json;
using Analysis.Fhir;
using Analysis.Synthetic;
using Hl7.Fhir.Model;

var options = Arguments.Parse(args);
if (!File.Exists(Path.Combine(options.Data, "Patient.ndjson")))
    SiteDataWriter.Write(new GeneratorOptions { Site = "bench", Patients = options.Patients, Seed = 1 }, options.Data);

string[] types = ["Patient", "Condition", "Observation", "Procedure"];
var files = types.Select(t => Path.Combine(options.Data, $"{t}.ndjson")).ToList();
var bytes = files.Sum(f => new FileInfo(f).Length);
var runs = new List<Dictionary<string, double>>();
var resourceCount = 0;
long rowCount = 0;
for (var run = 0; run <= options.Runs; run++)
{
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var resources = new List<Resource>();
    for (var i = 0; i < types.Length; i++) resources.AddRange(await FhirNdjson.ReadFileAsync(files[i], types[i]));
    var parse = clock.Elapsed.TotalSeconds;
    var rows = FhirFlattener.Flatten(resources);
    var flatten = clock.Elapsed.TotalSeconds - parse;
    var batches = rows.ToArrow();
    var arrow = clock.Elapsed.TotalSeconds - parse - flatten;
    resourceCount = resources.Count;
    rowCount = batches.Values.Sum(b => (long)b.Length);
    // Run 0 warms the JIT and the page cache and is not reported.
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    if (run > 0) runs.Add(new() { ["parse"] = parse, ["flatten"] = flatten, ["arrow"] = arrow, ["total"] = clock.Elapsed.TotalSeconds, ["cpu"] = cpuSeconds });
}

double Median(string key) => runs.Select(r => r[key]).Order().ElementAt(runs.Count / 2);
Console.WriteLine(JsonSerializer.Serialize(new
{
    patients = options.Patients, files = files.Select(Path.GetFileName), bytes, resources = resourceCount, rows = rowCount,
    parse = Median("parse"), flatten = Median("flatten"), arrow = Median("arrow"), total = Median("total"), cpu = Median("cpu"), runs,
}));

internal sealed record Arguments(string Data, int Patients, int Runs)
{
    public static Arguments Parse(string[] args)
    {
        string Value(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        return new Arguments(Value("--data", Path.Combine(Path.GetTempPath(), "analysis-bench-fhir")),
            int.Parse(Value("--patients", "5000"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("--runs", "3"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
