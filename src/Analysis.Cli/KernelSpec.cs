using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analysis.Cli;

/// <summary>
/// Writes, finds and removes Jupyter kernelspecs (a folder with kernel.json and logos) in
/// the places Jupyter looks: the user data dir, a prefix's share/jupyter, and JUPYTER_PATH.
/// </summary>
public static class KernelSpec
{
    /// <summary>The kernelspec name front ends record in notebooks.</summary>
    public const string DefaultName = "csharp-analysis";

    /// <summary>The name shown in the launcher and kernel menu.</summary>
    public const string DisplayName = "C# (Analysis)";

    /// <summary>Where a kernelspec goes.</summary>
    public enum Scope
    {
        /// <summary>The user's Jupyter data dir.</summary>
        User,
        /// <summary>The Python environment Jupyter runs in (sys.prefix).</summary>
        SysPrefix,
        /// <summary>An explicit prefix: PREFIX/share/jupyter/kernels.</summary>
        Prefix,
    }

    /// <summary>The kernels directory for a scope.</summary>
    public static string KernelsDirectory(Scope scope, string? prefix = null) => scope switch
    {
        Scope.User => Path.Combine(UserDataDirectory(), "kernels"),
        Scope.SysPrefix => Path.Combine(PythonSysPrefix(), "share", "jupyter", "kernels"),
        _ => Path.Combine(prefix ?? throw new ArgumentException("--prefix needs a directory"), "share", "jupyter", "kernels"),
    };

    /// <summary>Jupyter's user data dir: JUPYTER_DATA_DIR, else XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter.</summary>
    public static string UserDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } dir) return dir;
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "jupyter");
    }

    /// <summary>The launcher script written into every kernelspec folder; kernel.json's argv starts it.</summary>
    public const string LauncherFileName = "launch";

    /// <summary>Variables copied from the installing shell into kernel.json's <c>env</c> when they are set there.</summary>
    /// <remarks>Batch and hub spawners start kernels without a login shell or environment modules, so what a kernel needs
    /// must be in the kernelspec itself (batchspawner issues #246, #281): the federation catalog, the package cache and
    /// NuGet configuration, NuGet's global packages folder and a user-supplied CUDA libtorch.</remarks>
    public static readonly IReadOnlyList<string> PinnedVariables =
        ["ANALYSIS_FEDERATION", "ANALYSIS_KERNEL_NUGET_CACHE", "ANALYSIS_KERNEL_NUGET_CONFIG", "NUGET_PACKAGES", "ANALYSIS_LIBTORCH"];

    /// <summary>Writes the kernelspec (kernel.json, its launcher and logos) and returns its folder.</summary>
    /// <param name="kernelsDirectory">The kernels folder to write into.</param>
    /// <param name="name">The kernelspec's name.</param>
    /// <param name="launch">How to start this program (<see cref="LaunchCommand"/>).</param>
    /// <param name="environment">kernel.json's <c>env</c> (default <see cref="PinnedEnvironment"/>).</param>
    public static string Install(string kernelsDirectory, string name, IReadOnlyList<string> launch, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Path.Combine(kernelsDirectory, name);
        Directory.CreateDirectory(folder);
        var env = environment ?? PinnedEnvironment();
        var launcher = Path.Combine(folder, LauncherFileName);
        File.WriteAllText(launcher, LauncherScript(launch, env.GetValueOrDefault("DOTNET_ROOT") ?? DotNetRoot(), RequiredFrameworks()));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray([.. new[] { launcher, "kernel", "run", "--connection-file", "{connection_file}" }.Select(a => (JsonNode?)a)]),
            ["display_name"] = DisplayName,
            ["language"] = "csharp",
            ["interrupt_mode"] = "message",
            ["env"] = new JsonObject(env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
        File.WriteAllText(Path.Combine(folder, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var logos = Path.Combine(AppContext.BaseDirectory, "logo");
        foreach (var logo in Directory.Exists(logos) ? Directory.EnumerateFiles(logos, "logo-*.png") : [])
            File.Copy(logo, Path.Combine(folder, Path.GetFileName(logo)), overwrite: true);
        return folder;
    }

    /// <summary>
    /// kernel.json's <c>env</c>: DOTNET_ROOT of the .NET installation running the installer, the .NET quiet switches,
    /// each of <see cref="PinnedVariables"/> set in this process, then <paramref name="extra"/> (NAME=VALUE pairs, which win).
    /// </summary>
    /// <exception cref="ArgumentException">An extra entry is not NAME=VALUE.</exception>
    public static IReadOnlyDictionary<string, string> PinnedEnvironment(IEnumerable<string>? extra = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ROOT"] = DotNetRoot(),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var variable in PinnedVariables)
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) env[variable] = value;
        foreach (var pair in extra ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new ArgumentException($"--env '{pair}' is not NAME=VALUE");
            env[pair[..equals]] = pair[(equals + 1)..];
        }
        return env;
    }

    /// <summary>The root of the .NET installation running this process (the folder holding <c>shared/</c> and <c>host/</c>).</summary>
    public static string DotNetRoot() =>
        Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>The shared frameworks this program runs on, as (name, major version), from its runtimeconfig.json.</summary>
    /// <remarks>Empty for a self-contained installation (it carries its runtime).</remarks>
    public static IReadOnlyList<(string Name, int Major)> RequiredFrameworks()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "analysis.runtimeconfig.json");
        if (!File.Exists(config)) return [("Microsoft.NETCore.App", Environment.Version.Major)];
        var options = JsonNode.Parse(File.ReadAllText(config))?["runtimeOptions"];
        var frameworks = options?["frameworks"]?.AsArray() ?? (options?["framework"] is { } one ? [one.DeepClone()] : []);
        return [.. frameworks.OfType<JsonNode>().Select(f => (f["name"]!.GetValue<string>(), Version.Parse(f["version"]!.GetValue<string>()).Major))];
    }

    /// <summary>
    /// The launcher: a POSIX shell script that checks the .NET runtime is there, then runs <paramref name="launch"/>.
    /// </summary>
    /// <remarks>Without the runtime the .NET host prints a paragraph of advice and a download link and exits with a code
    /// front ends do not explain; on a batch node the job then looks pending until it times out. The script prints one line
    /// naming what is missing and where it looked, and exits 127 (as a shell does for a command it cannot run).</remarks>
    internal static string LauncherScript(IReadOnlyList<string> launch, string dotnetRoot, IReadOnlyList<(string Name, int Major)> frameworks)
    {
        var script = new System.Text.StringBuilder();
        script.Append("#!/bin/sh\n");
        script.Append("# Written by 'analysis kernel install': checks the .NET runtime first, so a node without it fails at once with one line.\n");
        script.Append("root=\"${DOTNET_ROOT:-}\"\n");
        script.Append($"[ -n \"$root\" ] || root={ShellQuote(dotnetRoot)}\n");
        script.Append("need() {\n");
        script.Append("  for d in \"$root/shared/$1/$2\".*; do [ -d \"$d\" ] && return 0; done\n");
        script.Append("  echo \"analysis kernel: the .NET $2 runtime ($1) is not installed under $root (DOTNET_ROOT); install it there or point DOTNET_ROOT in kernel.json at an installation that has it\" >&2\n");
        script.Append("  exit 127\n");
        script.Append("}\n");
        foreach (var (name, major) in frameworks) script.Append($"need {name} {major}\n");
        script.Append("exec ").Append(string.Join(' ', launch.Select(ShellQuote))).Append(" \"$@\"\n");
        return script.ToString();
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>How to start this program: its apphost, or <c>dotnet analysis.dll</c> when run through the muxer.</summary>
    public static IReadOnlyList<string> LaunchCommand()
    {
        var process = Environment.ProcessPath ?? "analysis";
        var dll = Path.Combine(AppContext.BaseDirectory, "analysis.dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, dll] : [process];
    }

    /// <summary>Every kernelspec Jupyter would find, as (name, folder), first match per name wins as in Jupyter.</summary>
    public static IReadOnlyList<(string Name, string Folder)> List()
    {
        var found = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kernels in SearchPath())
        {
            if (!Directory.Exists(kernels)) continue;
            foreach (var folder in Directory.EnumerateDirectories(kernels).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (File.Exists(Path.Combine(folder, "kernel.json")) && seen.Add(name)) found.Add((name, folder));
            }
        }
        return found;
    }

    /// <summary>The kernels directories Jupyter searches, in its order.</summary>
    public static IEnumerable<string> SearchPath()
    {
        yield return Path.Combine(UserDataDirectory(), "kernels");
        foreach (var p in (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            yield return Path.Combine(p, "kernels");
        yield return Path.Combine(PythonSysPrefix(), "share", "jupyter", "kernels");
        yield return "/usr/local/share/jupyter/kernels";
        yield return "/usr/share/jupyter/kernels";
    }

    /// <summary>Python's sys.prefix for the interpreter Jupyter uses (Debian's /usr/bin/python3 first).</summary>
    public static string PythonSysPrefix()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        try
        {
            using var p = Process.Start(new ProcessStartInfo(python, ["-c", "import sys; print(sys.prefix)"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var prefix = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            if (p.ExitCode == 0 && prefix.Length > 0) return prefix;
        }
        catch (System.ComponentModel.Win32Exception) { }
        return "/usr";
    }
}
