using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Kernel.Protocol;

namespace Analysis.Cli.Run;

/// <summary>A kernel cannot be found or started; the message says which and where we looked.</summary>
public sealed class KernelStartException(string message) : Exception(message);

/// <summary>
/// A kernel started as Jupyter starts one: the kernelspec's <c>argv</c> with <c>{connection_file}</c> replaced by a
/// connection file we write (five free ports on 127.0.0.1 and a fresh HMAC key), and its <c>env</c> added.
/// </summary>
public sealed class KernelProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _connectionFile;
    private readonly Lock _outputGate = new();
    private readonly System.Text.StringBuilder _stderr = new();

    private KernelProcess(Process process, string connectionFile, ConnectionInfo connection, string name, string specFolder, JsonObject spec)
    {
        _process = process;
        _connectionFile = connectionFile;
        Connection = connection;
        Name = name;
        SpecFolder = specFolder;
        Spec = spec;
    }

    /// <summary>Where the kernel listens and the key it signs with.</summary>
    public ConnectionInfo Connection { get; }

    /// <summary>The kernelspec name.</summary>
    public string Name { get; }

    /// <summary>The kernelspec folder.</summary>
    public string SpecFolder { get; }

    /// <summary>The kernelspec (kernel.json).</summary>
    public JsonObject Spec { get; }

    /// <summary>The kernel's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the kernel process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once it has exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines the kernel wrote to standard error (for a kernel that died).</summary>
    public string ErrorTail
    {
        get
        {
            lock (_outputGate)
            {
                var text = _stderr.ToString();
                return text.Length > 2000 ? text[^2000..] : text;
            }
        }
    }

    /// <summary>Finds the kernelspec <paramref name="name"/> where Jupyter looks (JUPYTER_PATH and the data dirs) and starts it in <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="KernelStartException">No such kernelspec, or its kernel.json is unusable, or the program cannot start.</exception>
    public static KernelProcess Start(string name, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var specs = KernelSpec.List();
        var folder = specs.FirstOrDefault(s => s.Name == name).Folder
            ?? throw new KernelStartException($"no kernelspec named '{name}' where Jupyter looks ({string.Join(", ", KernelSpec.SearchPath().Distinct())}); " +
                                              (specs.Count == 0 ? "none is installed: run `analysis kernel install`" : $"installed: {string.Join(", ", specs.Select(s => s.Name))}"));
        JsonObject spec;
        try
        {
            spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json"))) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new KernelStartException($"{Path.Combine(folder, "kernel.json")}: not a usable kernelspec: {e.Message}");
        }
        var argv = (spec["argv"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").ToArray();
        if (argv is null || argv.Length == 0) throw new KernelStartException($"{Path.Combine(folder, "kernel.json")}: argv is missing or empty");

        var ports = FreePorts(5);
        var connection = new ConnectionInfo
        {
            Transport = "tcp", IP = "127.0.0.1",
            ShellPort = ports[0], IOPubPort = ports[1], StdinPort = ports[2], ControlPort = ports[3], HeartbeatPort = ports[4],
            Key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), SignatureScheme = "hmac-sha256", KernelName = name,
        };
        var runtime = Environment.GetEnvironmentVariable("JUPYTER_RUNTIME_DIR") is { Length: > 0 } r ? r : Path.Combine(Path.GetTempPath(), "analysis-run");
        Directory.CreateDirectory(runtime);
        var connectionFile = Path.Combine(runtime, $"kernel-run-{Guid.NewGuid():N}.json");
        File.WriteAllText(connectionFile, JsonSerializer.Serialize(connection));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(connectionFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var start = new ProcessStartInfo(argv[0].Replace("{resource_dir}", folder))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a.Replace("{connection_file}", connectionFile).Replace("{resource_dir}", folder));
        if (spec["env"] is JsonObject env)
            foreach (var (k, v) in env) start.Environment[k] = v?.ToString() ?? "";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new KernelStartException($"kernel '{name}' did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            File.Delete(connectionFile);
            throw new KernelStartException($"kernel '{name}': cannot start '{argv[0]}' ({Path.Combine(folder, "kernel.json")}): {e.Message}");
        }
        var kernel = new KernelProcess(process, connectionFile, connection, name, folder, spec);
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (kernel._outputGate) kernel._stderr.AppendLine(line); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return kernel;
    }

    /// <summary>Ends the kernel process (and its children) if it still runs.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the kernel to exit.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Kills the kernel if needed and deletes the connection file.</summary>
    public void Dispose()
    {
        Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
        try
        {
            File.Delete(_connectionFile);
        }
        catch (IOException)
        {
        }
    }

    private static int[] FreePorts(int count)
    {
        // All listeners stay open until every port is chosen, so the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
