using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Analysis.Kernel.Packages;

/// <summary>Runs the <c>dotnet</c> command line (for <c>dotnet restore</c>) as a child process.</summary>
internal static class DotNetCommand
{
    private static readonly string ExecutableName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    /// <summary>What a finished command printed, standard output and error interleaved by line.</summary>
    public sealed record Result(int ExitCode, IReadOnlyList<string> Output);

    /// <summary>
    /// The dotnet executable: the SDK host that launched us (<c>DOTNET_HOST_PATH</c>), this process
    /// when it is dotnet, the installation running us, then <c>PATH</c>. Null when none is found.
    /// </summary>
    public static string? Locate()
    {
        var runtimeRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Path.GetFileName(Environment.ProcessPath) == ExecutableName ? Environment.ProcessPath : null,
            Path.Combine(runtimeRoot, ExecutableName),
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, ExecutableName)),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Runs dotnet with <paramref name="arguments"/>, killing it (and its children) on cancellation
    /// or after <paramref name="timeout"/>, which is reported as a <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<Result> RunAsync(string dotnet, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A kernel started from an SDK command inherits that SDK's MSBuild locations; the chosen
        // dotnet must use its own. The user's NuGet variables (NUGET_PACKAGES...) are kept on purpose.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = new Process { StartInfo = start };
        var output = new List<string>();
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
        }
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already exited */ }
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"'dotnet {string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds:0} seconds and was stopped.");
        }
        // The parameterless wait drains the redirected streams, so the output is complete.
        process.WaitForExit();
        lock (output) return new Result(process.ExitCode, output.ToArray());
    }
}
