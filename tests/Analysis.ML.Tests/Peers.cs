using System.Diagnostics;
using System.Text.Json;

namespace Analysis.ML.Tests;

/// <summary>Runs the reference implementations (Debian's Python with scikit-learn and PyTorch); a missing peer fails the test.</summary>
public static class Peers
{
    public const string Python = "/usr/bin/python3";

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Analysis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Analysis.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> as JSON on stdin and parses its stdout as JSON.</summary>
    public static JsonElement RunPython(string script, object input)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing; test.sh installs python3-sklearn and python3-torch");
        var path = Path.Combine(Path.GetTempPath(), $"analysis-ml-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, script);
        try
        {
            var start = new ProcessStartInfo(Python, path) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            process.StandardInput.Write(JsonSerializer.Serialize(input));
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"python failed ({process.ExitCode}): {error.Result}");
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Loads torch with one intra-op thread: tests run in parallel on a shared machine, where more threads only spin.</summary>
    public static void OneTorchThread() => Analysis.ML.Torch.TorchRuntime.SetThreads(1);

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];
}
