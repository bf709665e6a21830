using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Analysis.Cli.Sites;

/// <summary>A detached <c>analysis node serve</c> process for one site folder, tracked by a pid file in that folder.</summary>
internal static class NodeProcess
{
    /// <summary>The pid file name.</summary>
    public const string PidFile = "node.pid";

    /// <summary>The node's stdout and stderr.</summary>
    public const string LogFile = "node.log";

    private const int SigTerm = 15;

    /// <summary>Starts a node serving <paramref name="folder"/> on <paramref name="port"/> in its own session, so it outlives this
    /// command and a Ctrl+C in the terminal that started it does not reach it; writes the pid file.</summary>
    /// <returns>The node's pid.</returns>
    public static int Start(string folder, int port)
    {
        var (program, prefix) = Executable();
        // sh backgrounds setsid with its output in the log; being a background child it is no group leader, so setsid
        // calls setsid() and execs in place and $! is the node's own pid. Nothing of ours (no pipe) stays attached to it.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; setsid \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(Path.Combine(folder, LogFile));
        start.ArgumentList.Add(program);
        foreach (var a in prefix) start.ArgumentList.Add(a);
        foreach (var a in new[] { "node", "serve", "--data", folder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using var shell = Process.Start(start) ?? throw new InvalidOperationException("cannot start /bin/sh");
        var line = shell.StandardOutput.ReadLine();
        shell.WaitForExit();
        if (!int.TryParse(line, out var pid)) throw new InvalidOperationException($"could not start the node for {folder}");
        File.WriteAllText(Path.Combine(folder, PidFile), pid + "\n");
        return pid;
    }

    /// <summary>The pid of the node serving <paramref name="folder"/>, or null when its pid file is missing or stale.</summary>
    public static int? Running(string folder)
    {
        var path = Path.Combine(folder, PidFile);
        if (!File.Exists(path) || !int.TryParse(File.ReadAllText(path).Trim(), out var pid)) return null;
        return IsNodeFor(pid, folder) ? pid : null;
    }

    /// <summary>True while <paramref name="pid"/> is alive and is the node for <paramref name="folder"/>; a pid reused by another
    /// program, or a zombie (empty command line), does not count.</summary>
    public static bool IsNodeFor(int pid, string folder)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return args.Contains("serve") && args.Contains(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Stops the node of <paramref name="folder"/> (SIGTERM so it closes its database cleanly, SIGKILL after
    /// <paramref name="grace"/>) and removes the pid file.</summary>
    /// <returns>The pid that was stopped, or null when none was running.</returns>
    public static int? Stop(string folder, TimeSpan grace)
    {
        var pid = Running(folder);
        if (pid is { } p)
        {
            _ = Kill(p, SigTerm);
            var deadline = Stopwatch.StartNew();
            while (IsNodeFor(p, folder) && deadline.Elapsed < grace) Thread.Sleep(50);
            if (IsNodeFor(p, folder))
            {
                try
                {
                    using var process = Process.GetProcessById(p);
                    process.Kill();
                    process.WaitForExit(5000);
                }
                catch (ArgumentException)
                {
                    // Exited between the check and the kill: what we wanted.
                }
            }
        }
        File.Delete(Path.Combine(folder, PidFile));
        return pid;
    }

    /// <summary>The last lines of the node's log, for a failure message.</summary>
    public static string LogTail(string folder, int lines = 10)
    {
        var path = Path.Combine(folder, LogFile);
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : "(no log)";
    }

    /// <summary>Our own executable: the apphost next to this assembly, or <c>dotnet analysis.dll</c> where there is none
    /// (e.g. when the command runs inside a test host).</summary>
    private static (string Program, string[] Prefix) Executable()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "analysis.exe" : "analysis");
        if (File.Exists(apphost)) return (apphost, []);
        var dll = Path.Combine(AppContext.BaseDirectory, "analysis.dll");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
                   ?? (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet");
        return (host, [dll]);
    }

    // DllImport rather than LibraryImport: an int-only signature needs no marshalling, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
