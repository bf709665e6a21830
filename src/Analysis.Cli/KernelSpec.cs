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

    /// <summary>Writes the kernelspec and returns its folder.</summary>
    public static string Install(string kernelsDirectory, string name, IReadOnlyList<string> launch)
    {
        var folder = Path.Combine(kernelsDirectory, name);
        Directory.CreateDirectory(folder);
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray([.. launch.Concat(["kernel", "run", "--connection-file", "{connection_file}"]).Select(a => (JsonNode?)a)]),
            ["display_name"] = DisplayName,
            ["language"] = "csharp",
            ["interrupt_mode"] = "message",
            ["env"] = new JsonObject { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
        File.WriteAllText(Path.Combine(folder, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var logos = Path.Combine(AppContext.BaseDirectory, "logo");
        foreach (var logo in Directory.Exists(logos) ? Directory.EnumerateFiles(logos, "logo-*.png") : [])
            File.Copy(logo, Path.Combine(folder, Path.GetFileName(logo)), overwrite: true);
        return folder;
    }

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
