using Analysis.Tests.Shared;
using System.Text.Json.Nodes;
using Analysis.Cli;

namespace Analysis.Cli.Tests;

/// <summary>
/// Runs the real command tree against a private Jupyter data dir. These tests change
/// JUPYTER_DATA_DIR for the process, so they share one collection and never run in parallel.
/// </summary>
[Collection("environment")]
public sealed class KernelCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}");
    private readonly string? _previousDataDir = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");

    public KernelCommandTests()
    {
        Environment.SetEnvironmentVariable("JUPYTER_DATA_DIR", Path.Combine(_root, "user"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("JUPYTER_DATA_DIR", _previousDataDir);
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Install_writes_a_kernelspec_that_starts_this_kernel_with_message_interrupts()
    {
        var (code, output, _) = CommandRunner.Run("kernel", "install", "--user");
        Assert.Equal(0, code);
        var folder = Path.Combine(_root, "user", "kernels", KernelSpec.DefaultName);
        Assert.Contains(folder, output);

        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
        Assert.Equal("C# (Analysis)", spec["display_name"]!.GetValue<string>());
        Assert.Equal("csharp", spec["language"]!.GetValue<string>());
        Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
        var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        Assert.Equal(["kernel", "run", "--connection-file", "{connection_file}"], argv[^4..]);
        Assert.True(File.Exists(argv[0]), $"argv[0] '{argv[0]}' should be an existing program");
        Assert.True(File.Exists(Path.Combine(folder, "logo-64x64.png")));
        Assert.True(File.Exists(Path.Combine(folder, "logo-32x32.png")));
    }

    [Fact]
    public void Install_pins_dotnet_root_and_extra_variables_and_its_launcher_checks_the_runtime_then_runs_this_program()
    {
        var (code, _, error) = CommandRunner.Run("kernel", "install", "--user", "--env", "OMP_NUM_THREADS=2", "--env", "EMPTY=");
        Assert.True(code == 0, error);
        var folder = Path.Combine(_root, "user", "kernels", KernelSpec.DefaultName);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
        var env = spec["env"]!.AsObject();
        var root = env["DOTNET_ROOT"]!.GetValue<string>();
        Assert.True(Directory.Exists(Path.Combine(root, "shared", "Microsoft.NETCore.App", Environment.Version.ToString())), root);
        Assert.Equal("2", env["OMP_NUM_THREADS"]!.GetValue<string>());
        Assert.Equal("", env["EMPTY"]!.GetValue<string>());

        var launcher = spec["argv"]![0]!.GetValue<string>();
        Assert.Equal(Path.Combine(folder, KernelSpec.LauncherFileName), launcher);
        var script = File.ReadAllText(launcher);
        Assert.Contains($"need Microsoft.NETCore.App {Environment.Version.Major}", script);
        Assert.Contains("exec " + string.Join(' ', KernelSpec.LaunchCommand().Select(a => $"'{a}'")) + " \"$@\"", script);
        if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(launcher).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Prefix_installs_under_share_jupyter_kernels_with_a_chosen_name()
    {
        var prefix = Path.Combine(_root, "prefix");
        Assert.Equal(0, CommandRunner.Run("kernel", "install", "--prefix", prefix, "--name", "csharp-test").Exit);
        Assert.True(File.Exists(Path.Combine(prefix, "share", "jupyter", "kernels", "csharp-test", "kernel.json")));
    }

    [Fact]
    public void List_shows_an_installed_kernel_and_remove_deletes_it()
    {
        CommandRunner.Run("kernel", "install", "--user", "--name", "csharp-listed");
        var (_, listed, _) = CommandRunner.Run("kernel", "list");
        Assert.Contains(listed.Split('\n'), l => l.StartsWith("csharp-listed ") && l.Contains(Path.Combine(_root, "user", "kernels", "csharp-listed")));

        Assert.Equal(0, CommandRunner.Run("kernel", "remove", "csharp-listed").Exit);
        Assert.False(Directory.Exists(Path.Combine(_root, "user", "kernels", "csharp-listed")));
        Assert.DoesNotContain("csharp-listed", CommandRunner.Run("kernel", "list").Out);
    }

    [Fact]
    public void Removing_an_unknown_kernel_says_so_and_fails()
    {
        var (code, _, error) = CommandRunner.Run("kernel", "remove", "no-such-kernel");
        Assert.Equal(1, code);
        Assert.Contains("No kernelspec named 'no-such-kernel'", error);
    }

    [Fact]
    public void Run_with_a_broken_connection_file_reports_it_and_exits_nonzero()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "broken.json");
        File.WriteAllText(path, "{\"shell_port\": ");
        var (code, _, error) = CommandRunner.Run("kernel", "run", "--connection-file", path);
        Assert.Equal(2, code);
        Assert.Contains("not valid JSON", error);
        Assert.Contains(path, error);
    }

    [Fact]
    public void Run_with_a_missing_connection_file_reports_it()
    {
        var (code, _, error) = CommandRunner.Run("kernel", "run", "--connection-file", Path.Combine(_root, "missing.json"));
        Assert.Equal(2, code);
        Assert.Contains("missing.json", error);
    }
}
