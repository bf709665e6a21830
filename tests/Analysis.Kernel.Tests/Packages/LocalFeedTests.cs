using System.IO.Compression;
using Analysis.Kernel.Execution;
using Analysis.Kernel.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Analysis.Kernel.Tests.Packages;

/// <summary>
/// A package served by a folder feed that only the notebook folder's nuget.config names, as on
/// an offline cluster. Its compile asset is a reference assembly, which cannot run, so the cell
/// works only if the runtime asset is what gets loaded.
/// </summary>
public sealed class LocalFeedTests(TempCache cache) : IClassFixture<TempCache>
{
    private const string PackageId = "Analysis.Kernel.Tests.Greeter";

    [Fact]
    public async Task The_notebook_folders_nuget_config_applies_and_runtime_assets_are_loaded()
    {
        var notebook = Directory.CreateDirectory(Path.Combine(cache.Root, "notebook")).FullName;
        WritePackage(Directory.CreateDirectory(Path.Combine(notebook, "feed")).FullName);
        File.WriteAllText(Path.Combine(notebook, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="local" value="feed" /></packageSources>
              <config><add key="globalPackagesFolder" value="packages" /></config>
            </configuration>
            """);
        var restorer = cache.Restorer();
        var (session, _) = TempCache.Session(restorer, notebook);

        Assert.Equal("hello from the runtime assembly", await session.RunOk($"#r \"nuget: {PackageId}, 1.0.0\"\nGreeting.Greeter.Hello()"));

        var package = (await restorer.RestoreAsync([new PackageDirective(PackageId, "1.0.0")], notebook)).Find(PackageId)!;
        var packages = Path.Combine(notebook, "packages", PackageId.ToLowerInvariant(), "1.0.0");
        Assert.Equal([Path.Combine(packages, "ref", "net8.0", "Greeting.dll")], package.CompileAssets);
        Assert.Equal([Path.Combine(packages, "lib", "net8.0", "Greeting.dll")], package.RuntimeAssets);
        Assert.Equal(package.RuntimeAssets[0], await session.RunOk("typeof(Greeting.Greeter).Assembly.Location"));
    }

    private static void WritePackage(string feed)
    {
        using var zip = ZipFile.Open(Path.Combine(feed, $"{PackageId}.1.0.0.nupkg"), ZipArchiveMode.Create);
        Add(zip, $"{PackageId}.nuspec", System.Text.Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{PackageId}</id><version>1.0.0</version><authors>tests</authors><description>A test package.</description>
                <dependencies><group targetFramework="net8.0" /></dependencies>
              </metadata>
            </package>
            """));
        Add(zip, "ref/net8.0/Greeting.dll", Compile(referenceOnly: true));
        Add(zip, "lib/net8.0/Greeting.dll", Compile(referenceOnly: false));
    }

    private static byte[] Compile(bool referenceOnly)
    {
        var compilation = CSharpCompilation.Create("Greeting",
            [CSharpSyntaxTree.ParseText("namespace Greeting; public static class Greeter { public static string Hello() => \"hello from the runtime assembly\"; }")],
            ReferenceCatalog.Framework(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream, options: new EmitOptions(metadataOnly: referenceOnly));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return stream.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name).Open();
        entry.Write(content);
    }
}
