using System.CommandLine;
using Analysis.Kernel;
using Analysis.Kernel.Protocol;

namespace Analysis.Cli;

/// <summary>The <c>analysis</c> command and its subcommands.</summary>
public static class CommandLine
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Analysis: a C# Jupyter environment for federated cancer research.");
        root.Subcommands.Add(KernelCommand());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        root.Subcommands.Add(SitesCommand.Create());
        root.Subcommands.Add(RunCommand.Run());
        root.Subcommands.Add(RunCommand.Verify());
        root.Subcommands.Add(RunCommand.Params());
        return root;
    }

    private static Command KernelCommand()
    {
        var kernel = new Command("kernel", "Run, install, list or remove the C# Jupyter kernel.");

        var connectionFile = new Option<FileInfo>("--connection-file", "-f") { Description = "The connection file Jupyter wrote.", Required = true };
        var run = new Command("run", "Start the kernel (Jupyter runs this through the kernelspec).") { connectionFile };
        run.SetAction(parse =>
        {
            // Before anything else, so a kernel that cannot work exits at once with its reason (see KernelPreflight).
            if (KernelPreflight.Problem() is { } problem)
            {
                Console.Error.WriteLine($"analysis kernel: {problem}");
                return KernelPreflight.ExitCode;
            }
            ConnectionInfo info;
            try
            {
                info = ConnectionInfo.Load(parse.GetValue(connectionFile)!.FullName);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            using var k = new JupyterKernel(info);
            k.Run();
            return 0;
        });

        var user = new Option<bool>("--user") { Description = "Install for the current user (the default)." };
        var sysPrefix = new Option<bool>("--sys-prefix") { Description = "Install into the Python environment Jupyter runs in." };
        var prefix = new Option<DirectoryInfo?>("--prefix") { Description = "Install into PREFIX/share/jupyter/kernels." };
        var name = new Option<string>("--name") { Description = "Kernelspec name.", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var env = new Option<string[]>("--env")
        {
            Description = "NAME=VALUE to pin in kernel.json's env (repeatable); DOTNET_ROOT and the ANALYSIS_* / NuGet variables set now are pinned already.",
            AllowMultipleArgumentsPerToken = false,
        };
        var install = new Command("install", "Write a kernelspec that starts this kernel.") { user, sysPrefix, prefix, name, env };
        install.SetAction(parse =>
        {
            IReadOnlyDictionary<string, string> pinned;
            try
            {
                pinned = KernelSpec.PinnedEnvironment(parse.GetValue(env));
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var dir = KernelSpec.KernelsDirectory(Scope(parse.GetValue(sysPrefix), parse.GetValue(prefix)), parse.GetValue(prefix)?.FullName);
            var folder = KernelSpec.Install(dir, parse.GetValue(name)!, KernelSpec.LaunchCommand(), pinned);
            Console.WriteLine($"Installed kernelspec {parse.GetValue(name)} in {folder}");
            return 0;
        });

        var list = new Command("list", "List the kernelspecs Jupyter can find.");
        list.SetAction(_ =>
        {
            foreach (var (n, folder) in KernelSpec.List()) Console.WriteLine($"{n,-24} {folder}");
            return 0;
        });

        var removeName = new Argument<string>("name") { Description = "Kernelspec to remove.", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var remove = new Command("remove", "Remove a kernelspec from every place Jupyter looks.") { removeName };
        remove.SetAction(parse =>
        {
            var target = parse.GetValue(removeName)!;
            var folders = KernelSpec.List().Where(k => k.Name == target).Select(k => k.Folder).ToArray();
            if (folders.Length == 0)
            {
                Console.Error.WriteLine($"No kernelspec named '{target}' found. 'analysis kernel list' shows what is installed.");
                return 1;
            }
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
                Console.WriteLine($"Removed {folder}");
            }
            return 0;
        });

        kernel.Subcommands.Add(run);
        kernel.Subcommands.Add(install);
        kernel.Subcommands.Add(list);
        kernel.Subcommands.Add(remove);
        return kernel;
    }

    private static KernelSpec.Scope Scope(bool sysPrefix, DirectoryInfo? prefix) =>
        prefix is not null ? KernelSpec.Scope.Prefix : sysPrefix ? KernelSpec.Scope.SysPrefix : KernelSpec.Scope.User;
}
