using System.Diagnostics;

namespace Analysis.Tests.Shared;

/// <summary>
/// Runs a reference implementation (Debian's R or Python) on a script and returns what it
/// printed. A missing peer fails the test: test.sh installs them.
/// </summary>
public static class ReferencePeer
{
    /// <summary>Runs <c>/usr/bin/Rscript</c> on <paramref name="script"/>.</summary>
    public static string R(string script) => Run("/usr/bin/Rscript", "-", script);

    /// <summary>Runs Debian's <c>/usr/bin/python3</c> (with pandas, scikit-learn...) on <paramref name="script"/>.</summary>
    public static string Python(string script) => Run("/usr/bin/python3", "-", script);

    private static string Run(string program, string argument, string script)
    {
        if (!File.Exists(program)) throw new InvalidOperationException($"{program} is missing: run ./test.sh, which installs the reference peers.");
        var start = new ProcessStartInfo(program, argument) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        if (!process.WaitForExit(120_000)) { process.Kill(true); throw new TimeoutException($"{program} did not finish in 2 minutes."); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }
}
