using System.Diagnostics;
using System.Text.Json;

namespace Analysis.Genomics.Tests;

/// <summary>Runs the independent Python references with Debian's Python (pandas is a Debian package there); fails when it is missing.</summary>
public static class Reference
{
    public const string Python = "/usr/bin/python3";

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static JsonElement Run(string script, params string[] args)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: test.sh installs python3-pandas");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Python", script));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed: {error}");
        return JsonDocument.Parse(output.Result).RootElement.Clone();
    }

    public static string TempFile(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "analysis-genomics-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    /// <summary>Gzips <paramref name="source"/> into <paramref name="members"/> concatenated gzip members, as bgzip does, plus bgzip's empty end member.</summary>
    public static void Gzip(string source, string target, int members = 1)
    {
        var bytes = File.ReadAllBytes(source);
        using var output = File.Create(target);
        var size = (bytes.Length + members - 1) / members;
        for (var start = 0; start < bytes.Length; start += size)
            WriteMember(output, bytes.AsSpan(start, Math.Min(size, bytes.Length - start)));
        if (members > 1) WriteMember(output, []);
    }

    private static void WriteMember(Stream output, ReadOnlySpan<byte> data)
    {
        using var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(data);
    }
}
