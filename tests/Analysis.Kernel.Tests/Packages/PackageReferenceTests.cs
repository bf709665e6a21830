using System.Diagnostics;
using Analysis.Kernel.Packages;
using Xunit.Abstractions;

namespace Analysis.Kernel.Tests.Packages;

/// <summary>Real restores from the configured feed, referenced from real cells.</summary>
public sealed class PackageReferenceTests(TempCache cache, ITestOutputHelper output) : IClassFixture<TempCache>
{
    [Fact]
    public async Task A_restored_package_is_usable_from_the_next_lines_of_the_cell()
    {
        var (session, _) = TempCache.Session(cache.Restorer());
        var value = await session.RunOk("""
            #r "nuget: NodaTime, 3.3.7"
            using NodaTime;
            new LocalDate(2024, 2, 29).PlusYears(1).ToString("yyyy-MM-dd", null)
            """);
        Assert.Equal("2025-02-28", value);
        // Loaded from the restored runtime asset, in the default context.
        var location = (string?)await session.RunOk("typeof(NodaTime.LocalDate).Assembly.Location");
        Assert.EndsWith(Path.Combine("nodatime", "3.3.7", "lib", "net8.0", "NodaTime.dll"), location);
    }

    [Fact]
    public async Task A_package_brings_its_dependencies()
    {
        var (session, resolver) = TempCache.Session(cache.Restorer());
        var value = await session.RunOk("""
            #r "nuget:Serilog.Sinks.Console, 6.1.1"
            using Serilog;
            var logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();
            typeof(LoggerConfiguration).Assembly.GetName().Name + " " + (logger is Serilog.ILogger)
            """);
        Assert.Equal("Serilog True", value);
        Assert.Equal([new PackageDirective("Serilog.Sinks.Console", "6.1.1")], resolver.Packages);
    }

    [Fact]
    public async Task The_same_package_set_restores_once_then_comes_from_the_cache()
    {
        const string cell = "#r \"nuget: NodaTime, 3.3.7\"\nNodaTime.Duration.FromMinutes(90).TotalHours";
        var restorer = cache.Restorer("cache-reuse");
        var (first, _) = TempCache.Session(restorer);
        await first.RunOk("0"); // the compiler's first-use cost is not the restore's
        var clock = Stopwatch.StartNew();
        Assert.Equal(1.5, await first.RunOk(cell));
        var restoring = clock.Elapsed;
        Assert.Equal(1, restorer.RestoreCount);
        var assets = Path.Combine(restorer.DirectoryFor([new PackageDirective("NodaTime", "3.3.7")]), "obj", "project.assets.json");
        var written = File.GetLastWriteTimeUtc(assets);

        // Again in this process: remembered in memory.
        var (again, _) = TempCache.Session(restorer);
        await again.RunOk("0");
        clock.Restart();
        Assert.Equal(1.5, await again.RunOk(cell));
        var inMemory = clock.Elapsed;
        Assert.Equal(1, restorer.RestoreCount);

        // A new process (a fresh restorer on the same folder): read from the assets file on disk.
        var fresh = new NuGetRestorer(restorer.CacheDirectory);
        var (third, _) = TempCache.Session(fresh);
        await third.RunOk("0");
        clock.Restart();
        Assert.Equal(1.5, await third.RunOk(cell));
        var fromDisk = clock.Elapsed;
        Assert.Equal(0, fresh.RestoreCount);
        Assert.Equal(written, File.GetLastWriteTimeUtc(assets));

        output.WriteLine($"first #r (restore): {restoring.TotalMilliseconds:0} ms; cached in memory: {inMemory.TotalMilliseconds:0} ms; cached on disk: {fromDisk.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Repeating_a_directive_in_a_later_cell_does_not_restore_again()
    {
        var restorer = cache.Restorer("cache-repeat");
        var (session, _) = TempCache.Session(restorer);
        await session.RunOk("#r \"nuget: NodaTime, 3.3.7\"");
        await session.RunOk("#r \"nuget: NodaTime, 3.3.7\"\nNodaTime.Duration.Zero");
        Assert.Equal(1, restorer.RestoreCount);
    }

    [Fact]
    public async Task An_unknown_package_is_a_clear_error_and_the_session_goes_on()
    {
        var (session, _) = TempCache.Session(cache.Restorer());
        var errors = await session.RunFailing("#r \"nuget: Analysis.Kernel.No.Such.Package, 1.0.0\"\n1");
        var error = Assert.Single(errors);
        Assert.Equal("NUGET002", error.Id);
        var message = error.GetMessage();
        Assert.Contains("Analysis.Kernel.No.Such.Package", message);
        Assert.Contains("NU1101", message);
        Assert.Equal(0, error.Location.GetLineSpan().StartLinePosition.Line);

        Assert.Equal(2, await session.RunOk("1 + 1"));
        Assert.Empty(((Analysis.Kernel.Packages.PackageAwareMetadataResolver)session.Options.MetadataResolver).Packages);
    }

    [Fact]
    public async Task A_malformed_directive_shows_the_expected_form_without_restoring()
    {
        var restorer = cache.Restorer("cache-malformed");
        var (session, _) = TempCache.Session(restorer);
        var error = Assert.Single(await session.RunFailing("#r \"nuget: NodaTime, newest\""));
        Assert.Equal("NUGET001", error.Id);
        Assert.Contains("'newest' is not a NuGet version", error.GetMessage());
        Assert.Contains("#r \"nuget: Id, Version\"", error.GetMessage());
        Assert.Equal(0, restorer.RestoreCount);
        Assert.Equal(3, await session.RunOk("1 + 2"));
    }

    [Fact]
    public async Task A_package_the_host_already_ships_runs_on_the_hosts_copy()
    {
        // The kernel ships Humanizer.Core 2.14.1 (through Roslyn); cells compile against the
        // package's assembly and run on the one the host loads, not a second copy.
        var (session, _) = TempCache.Session(cache.Restorer());
        Assert.Equal("some text", await session.RunOk("#r \"nuget: Humanizer.Core, 2.14.1\"\nusing Humanizer;\n\"some_text\".Humanize()"));
        var location = (string?)await session.RunOk("typeof(Humanizer.InflectorExtensions).Assembly.Location");
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Humanizer.dll"), location);
    }

    [Fact]
    public async Task A_package_the_host_ships_in_another_version_is_refused_naming_both_and_the_session_goes_on()
    {
        // The host ships Humanizer 2.14 (through Roslyn); 3.0.10 would compile cells against 3.0 and run them on 2.14.
        var (session, resolver) = TempCache.Session(cache.Restorer());
        var error = Assert.Single(await session.RunFailing("#r \"nuget: Humanizer.Core, 3.0.10\"\n1"));
        Assert.Equal("NUGET003", error.Id);
        var message = error.GetMessage();
        var shipped = System.Diagnostics.FileVersionInfo.GetVersionInfo(Path.Combine(AppContext.BaseDirectory, "Humanizer.dll")).ProductVersion!.Split('+')[0];
        Assert.Contains("Humanizer.Core 3.0.10 cannot be used", message);
        Assert.Contains($"runs Humanizer {shipped}", message);
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "Humanizer.dll"), message);
        Assert.Contains($"#r \"nuget: Humanizer.Core, {shipped}\"", message);
        Assert.Equal(0, error.Location.GetLineSpan().StartLinePosition.Line);

        // Nothing was kept: the session has no packages, and the shipped version is still served.
        Assert.Empty(resolver.Packages);
        Assert.Equal("some text", await session.RunOk($"#r \"nuget: Humanizer.Core, {shipped}\"\nusing Humanizer;\n\"some_text\".Humanize()"));
    }

    [Fact]
    public async Task A_package_the_framework_provides_uses_the_framework_assembly()
    {
        var (session, _) = TempCache.Session(cache.Restorer());
        var location = (string?)await session.RunOk("#r \"nuget: System.Text.Json, 8.0.5\"\ntypeof(System.Text.Json.JsonSerializer).Assembly.Location");
        Assert.Equal(typeof(System.Text.Json.JsonSerializer).Assembly.Location, location);
    }

    [Fact]
    public async Task File_references_still_resolve_as_before()
    {
        var (session, _) = TempCache.Session(cache.Restorer());
        var path = typeof(PackageDirective).Assembly.Location;
        Assert.Equal("nuget:", await session.RunOk($"#r \"{path}\"\nAnalysis.Kernel.Packages.PackageDirective.Prefix"));
    }

    [Fact]
    public async Task Native_assets_of_a_package_serve_DllImport()
    {
        var (session, resolver) = TempCache.Session(cache.Restorer());
        var version = (string?)await session.RunOk("""
            #r "nuget: libsodium, 1.0.22"
            using System.Runtime.InteropServices;
            static class Sodium { [DllImport("libsodium")] public static extern IntPtr sodium_version_string(); }
            Marshal.PtrToStringAnsi(Sodium.sodium_version_string())
            """);
        Assert.StartsWith("1.0.", version);
        if (!OperatingSystem.IsLinux()) return;
        var native = Assert.Single((await resolver.Restorer.RestoreAsync([new PackageDirective("libsodium", "1.0.22")])).Find("libsodium")!.NativeAssets);
        Assert.Contains(native, File.ReadAllText("/proc/self/maps"));
    }
}
