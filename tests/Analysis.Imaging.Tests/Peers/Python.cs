using System.Diagnostics;

namespace Analysis.Imaging.Tests.Peers;

/// <summary>Runs Debian's Python (with pydicom, nibabel, numpy) as the independent reference. Missing Python fails the test.</summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    public static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Peers", name);

    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Interpreter}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Interpreter} {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Interpreter} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    public static string Eval(string code) => Run("-c", code).Trim();

    /// <summary>Reads a float64 little-endian array written by numpy's tofile.</summary>
    public static double[] ReadDoubles(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
