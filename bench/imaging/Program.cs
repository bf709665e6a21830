// Parses a CT-like series with our reader and with pydicom (dcmread + pixel_array + modality LUT) on the same files
// and prints the times and their ratio. Usage: dotnet run -c Release --project bench/imaging [-- slices [rows] [runs]]
using System.Diagnostics;
using System.Globalization;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Series;
using Analysis.Imaging.Tests;

var slices = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 150;
var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512;
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var folder = Directory.CreateTempSubdirectory("imaging-bench-").FullName;
try
{
    var files = SyntheticCt.WriteSeries(folder, slices, size, size);
    var megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;
    Console.WriteLine($"series: {slices} slices of {size}x{size} int16 ({megabytes:0.#} MB), median of {runs} runs after 1 warm-up, {Environment.ProcessorCount} cores");

    double Median(Func<double> run)
    {
        run();
        var times = Enumerable.Range(0, runs).Select(_ => run()).Order().ToList();
        return times[times.Count / 2];
    }

    double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    var checksum = 0.0;
    var sequential = Median(() => Time(() =>
    {
        foreach (var file in files) checksum += DicomFile.Open(file).GetPixels<double>().Data[0];
    }));
    var parseOnly = Median(() => Time(() =>
    {
        foreach (var file in files) checksum += DicomFile.Open(file).Dataset.Count;
    }));
    var tagsOnly = Median(() => Time(() =>
    {
        foreach (var file in files) checksum += DicomFile.OpenTags(file).Dataset.Count;
    }));
    var volume = Median(() => Time(() => checksum += DicomSeries.Load(folder).Data[0]));
    var volumeFloat = Median(() => Time(() => checksum += DicomSeries.Load<float>(folder).Data[0]));

    var script = Path.Combine(AppContext.BaseDirectory, "bench_pydicom.py");
    var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, folder, runs.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
    var output = python.StandardOutput.ReadToEnd().Trim().Split(' ');
    python.WaitForExit();
    if (python.ExitCode != 0) throw new InvalidOperationException("the pydicom benchmark failed");
    var pydicomLoop = double.Parse(output[0], CultureInfo.InvariantCulture);
    var pydicomVolume = double.Parse(output[1], CultureInfo.InvariantCulture);
    var pydicomParse = double.Parse(output[2], CultureInfo.InvariantCulture);
    var pydicomVolumeFloat = double.Parse(output[3], CultureInfo.InvariantCulture);
    var pydicomTags = double.Parse(output[4], CultureInfo.InvariantCulture);

    Console.WriteLine($"{"",-44} {"ours",9} {"pydicom",9} {"pydicom/ours",12}");
    Console.WriteLine($"{"open whole file, tags, file by file (1 thread)",-44} {parseOnly,8:0.000}s {pydicomParse,8:0.000}s {pydicomParse / parseOnly,11:0.0}x");
    Console.WriteLine($"{"tags only, stop before pixels (1 thread)",-44} {tagsOnly,8:0.000}s {pydicomTags,8:0.000}s {pydicomTags / tagsOnly,11:0.0}x");
    Console.WriteLine($"{"open + rescaled pixels, file by file (1 thread)",-44} {sequential,8:0.000}s {pydicomLoop,8:0.000}s {pydicomLoop / sequential,11:0.0}x");
    Console.WriteLine($"{"sorted, checked volume, double (ours: parallel)",-44} {volume,8:0.000}s {pydicomVolume,8:0.000}s {pydicomVolume / volume,11:0.0}x");
    Console.WriteLine($"{"sorted, checked volume, float (ours: parallel)",-44} {volumeFloat,8:0.000}s {pydicomVolumeFloat,8:0.000}s {pydicomVolumeFloat / volumeFloat,11:0.0}x");
    Console.WriteLine($"(checksum {checksum:0})");
}
finally
{
    Directory.Delete(folder, recursive: true);
}
