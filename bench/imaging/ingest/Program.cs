// Ingest rate of a site's imaging/ folder (series/s, MB/s) against pydicom reading the same metadata, in one run.
// Usage: dotnet run -c Release --project bench/imaging/ingest [-- patients [runs]]
using System.Diagnostics;
using System.Globalization;
using Analysis.Node.Ingest;
using Analysis.Synthetic;

var patients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var root = Directory.CreateTempSubdirectory("imaging-ingest-bench-").FullName;
try
{
    // The same clinical files with and without imaging: the difference of their re-ingest times is the imaging's.
    var imaged = Path.Combine(root, "imaged");
    var plain = Path.Combine(root, "plain");
    SiteDataWriter.Write(new GeneratorOptions { Site = "bench", Patients = patients, Seed = 1, ImagingShare = 1 }, imaged);
    SiteDataWriter.Write(new GeneratorOptions { Site = "bench", Patients = patients, Seed = 1 }, plain);
    var files = Directory.GetFiles(Path.Combine(imaged, "imaging"), "*.dcm", SearchOption.AllDirectories);
    var megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;

    double Median(Func<double> run)
    {
        run();
        var times = Enumerable.Range(0, runs).Select(_ => run()).Order().ToList();
        return times[times.Count / 2];
    }

    double Ingest(string dir, bool features)
    {
        var clock = Stopwatch.StartNew();
        var report = new SiteIngestor(dir) { ImagingFeatures = features }.Ingest();
        if (!report.Succeeded) throw new InvalidOperationException("ingest failed");
        return clock.Elapsed.TotalSeconds;
    }

    var series = new SiteIngestor(imaged).Ingest().Imaging.Series;
    var baseline = Median(() => Ingest(plain, true));
    var metadata = Median(() => Ingest(imaged, false)) - baseline;
    var withFeatures = Median(() => Ingest(imaged, true)) - baseline;

    var script = Path.Combine(AppContext.BaseDirectory, "pydicom_metadata.py");
    var start = new ProcessStartInfo("/usr/bin/python3", [script, Path.Combine(imaged, "imaging"), runs.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true };
    using var python = Process.Start(start)!;
    var output = python.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
    python.WaitForExit();
    var pydicom = double.Parse(output[0], CultureInfo.InvariantCulture);
    if (int.Parse(output[1], CultureInfo.InvariantCulture) != series) throw new InvalidOperationException($"pydicom found {output[1]} series, the node {series}");

    Console.WriteLine($"imaging/: {series} series, {files.Length} files, {megabytes:0.#} MB; median of {runs} runs after 1 warm-up, {Environment.ProcessorCount} cores");
    Console.WriteLine($"node ingest, metadata + de-identification + DuckDB: {metadata:0.000} s = {series / metadata:0} series/s, {megabytes / metadata:0.#} MB/s");
    Console.WriteLine($"node ingest, also tumour features from the masks: {withFeatures:0.000} s = {series / withFeatures:0} series/s, {megabytes / withFeatures:0.#} MB/s");
    Console.WriteLine($"pydicom 2.3 dcmread(stop_before_pixels) of the same metadata: {pydicom:0.000} s = {series / pydicom:0} series/s, {megabytes / pydicom:0.#} MB/s");
    Console.WriteLine($"node metadata ingest / pydicom metadata read: {metadata / pydicom:0.00}x the time");
}
finally
{
    Directory.Delete(root, true);
}
