using System.Diagnostics;
using System.IO.Compression;

namespace Analysis.Extensions.Tests;

public class PackageTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Analysis.sln"))) return dir.FullName;
        throw new InvalidOperationException("Analysis.sln not found above the test binaries.");
    }

    [Fact]
    public async Task The_package_carries_the_dotnet_interactive_extension_script()
    {
        var output = Directory.CreateTempSubdirectory("analysis-pack-");
        try
        {
            var project = Path.Combine(RepositoryRoot(), "kernels-extensions", "Analysis.Extensions", "Analysis.Extensions.csproj");
            var start = new ProcessStartInfo("dotnet", ["pack", project, "-c", "Release", "--no-build", "-nologo", "-v", "quiet", "-o", output.FullName])
                { RedirectStandardOutput = true, RedirectStandardError = true };
            using var pack = Process.Start(start)!;
            var log = pack.StandardOutput.ReadToEndAsync();
            var errors = await pack.StandardError.ReadToEndAsync();
            await pack.WaitForExitAsync();
            Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {await log}{errors}");
            using var package = ZipFile.OpenRead(Directory.GetFiles(output.FullName, "Analysis.Extensions.*.nupkg").Single());
            var script = package.GetEntry("interactive-extensions/dotnet/extension.dib");
            Assert.NotNull(script);
            using var reader = new StreamReader(script.Open());
            var text = reader.ReadToEnd();
            Assert.Contains("AnalysisFormatters.AddTo", text);
            Assert.Contains("Formatter.Register", text);
            Assert.NotNull(package.GetEntry("lib/net10.0/Analysis.Extensions.dll"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
