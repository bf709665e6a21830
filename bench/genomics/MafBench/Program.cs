// MAF parsing throughput: Analysis.Genomics' MafReader against pandas.read_csv on the same generated file.
using System.Diagnostics;
using System.Globalization;
using Analysis.Genomics.Maf;
using Analysis.Synthetic;

var rows = Option("--rows", 200_000);
var runs = Option("--runs", 3);
var dir = Path.Combine(Path.GetTempPath(), "analysis-bench-genomics");
Directory.CreateDirectory(dir);
var plain = Path.Combine(dir, $"bench-{rows}.maf");
var gzip = plain + ".gz";
if (!File.Exists(plain)) Generate(plain, rows);
if (!File.Exists(gzip)) Compress(plain, gzip);
var lines = File.ReadLines(plain).Count() - 2;
Console.WriteLine($"file: {plain} ({lines:N0} variant rows, {new FileInfo(plain).Length / 1e6:F1} MB; gzip {new FileInfo(gzip).Length / 1e6:F1} MB); median of {runs} runs, after one warm-up");
Console.WriteLine();

var results = new List<(string What, double Ours, double Pandas)>
{
    ("plain, typed records", Median(() => Count(plain)), Pandas(plain)),
    ("plain, Arrow batches", Median(() => Batches(plain)), Pandas(plain)),
    ("gzip, typed records", Median(() => Count(gzip)), Pandas(gzip)),
};
Console.WriteLine($"{"",-22} {"ours (s)",9} {"pandas (s)",11} {"ours rows/s",12} {"pandas / ours",14}");
foreach (var (what, ours, pandas) in results)
    Console.WriteLine($"{what,-22} {ours,9:F3} {pandas,11:F3} {lines / ours,12:N0} {pandas / ours,14:F2}");
Console.WriteLine();
Console.WriteLine($"peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (streaming: records are not kept)");
Console.WriteLine("ratio > 1: ours is faster. pandas time is measured inside Python (read_csv only, no interpreter start-up).");

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static void Generate(string path, int rows)
{
    // About six variants per synthetic patient; generate patients until the MAF has the rows wanted.
    using var maf = new MafWriter(path);
    var generator = new CohortGenerator(new GeneratorOptions { Site = "bench", Patients = rows, Seed = 1 });
    foreach (var patient in generator.Patients())
    {
        maf.Write(patient);
        if (maf.Count >= rows) break;
    }
}

static void Compress(string source, string target)
{
    using var input = File.OpenRead(source);
    using var output = new System.IO.Compression.GZipStream(File.Create(target), System.IO.Compression.CompressionLevel.Optimal);
    input.CopyTo(output);
}

static long Count(string path)
{
    using var maf = MafReader.Open(path);
    long n = 0;
    foreach (var _ in maf.Records()) n++;
    return n;
}

static long Batches(string path)
{
    using var maf = MafReader.Open(path);
    long n = 0;
    foreach (var batch in maf.ReadBatches(65_536))
        using (batch)
            n += batch.Length;
    return n;
}

double Median(Func<long> work)
{
    work();
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        work();
        times.Add(clock.Elapsed.TotalSeconds);
    }
    return times.Order().ElementAt(times.Count / 2);
}

double Pandas(string path)
{
    var script = $$"""
        import statistics, sys, time
        import pandas
        path, runs = sys.argv[1], int(sys.argv[2])
        pandas.read_csv(path, sep="\t", comment="#", low_memory=False)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            frame = pandas.read_csv(path, sep="\t", comment="#", low_memory=False)
            times.append(time.perf_counter() - t)
        print(statistics.median(times))
        """;
    var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true };
    start.ArgumentList.Add("-c");
    start.ArgumentList.Add(script);
    start.ArgumentList.Add(path);
    start.ArgumentList.Add(runs.ToString(CultureInfo.InvariantCulture));
    using var python = Process.Start(start)!;
    var output = python.StandardOutput.ReadToEnd();
    python.WaitForExit();
    if (python.ExitCode != 0) throw new InvalidOperationException("pandas failed (needs Debian's python3-pandas)");
    return double.Parse(output, CultureInfo.InvariantCulture);
}
