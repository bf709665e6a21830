using Analysis.Kernel.Execution;
using Analysis.Kernel.Packages;
using Microsoft.CodeAnalysis.Scripting;

namespace Analysis.Kernel.Tests.Packages;

/// <summary>Globals for sessions under test: cells need none.</summary>
public sealed class NoGlobals;

/// <summary>A package cache folder of its own for one test class, removed afterwards.</summary>
public sealed class TempCache : IDisposable
{
    /// <summary>The folder; tests make subfolders for caches and working directories.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("analysis-kernel-nuget-").FullName;

    /// <summary>A restorer caching in <paramref name="name"/> under <see cref="Root"/>.</summary>
    public NuGetRestorer Restorer(string name = "cache") => new(Path.Combine(Root, name));

    /// <summary>A session whose packages restore with <paramref name="restorer"/> and whose nuget.config search starts at <paramref name="workingDirectory"/>.</summary>
    public static (ScriptSession Session, PackageAwareMetadataResolver Resolver) Session(NuGetRestorer restorer, string? workingDirectory = null)
    {
        workingDirectory ??= Directory.GetCurrentDirectory();
        var resolver = new PackageAwareMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(workingDirectory), restorer, workingDirectory);
        return (new ScriptSession(new NoGlobals(), resolver, workingDirectory), resolver);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a file still open; the temp folder is cleaned by the system */ }
    }
}

internal static class Cells
{
    private static int _count;

    /// <summary>Runs a cell and fails the test with the cell's errors if it did not succeed.</summary>
    public static async Task<object?> RunOk(this ScriptSession session, string code)
    {
        var outcome = await session.RunAsync(code, Interlocked.Increment(ref _count), CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.CompileErrors.Select(e => e.ToString())) + outcome.Exception);
        return outcome.Value;
    }

    /// <summary>Runs a cell that is expected to fail to compile and returns its errors.</summary>
    public static async Task<IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic>> RunFailing(this ScriptSession session, string code)
    {
        var outcome = await session.RunAsync(code, Interlocked.Increment(ref _count), CancellationToken.None);
        Assert.NotEmpty(outcome.CompileErrors);
        return outcome.CompileErrors;
    }
}
