using Analysis.Kernel.Packages;

namespace Analysis.Kernel.Tests.Packages;

/// <summary>Asset selection from hand-written assets files: which files a RID gets is parsing, not restoring.</summary>
public sealed class ProjectAssetsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Packages", "Fixtures", name);

    private static string InPackages(string library, string asset) => Path.Combine("/packages/", library, asset);

    [Fact]
    public void Native_assets_fall_back_from_the_rid_to_its_operating_system()
    {
        var result = ProjectAssets.Read(Fixture("runtime-targets.assets.json"), "linux-x64");
        var native = result.Find("native.lib")!;
        Assert.Equal([InPackages("native.lib/2.0.0", "runtimes/linux/native/libnative.so")], native.NativeAssets);
    }

    [Fact]
    public void The_most_specific_rid_wins()
    {
        var arm = ProjectAssets.Read(Fixture("runtime-targets.assets.json"), "linux-arm64");
        Assert.Equal([InPackages("native.lib/2.0.0", "runtimes/linux-arm64/native/libnative.so")], arm.Find("Native.Lib")!.NativeAssets);
        Assert.Equal([InPackages("managed.lib/1.0.0", "runtimes/unix/native/libhelper.so")], arm.Find("Managed.Lib")!.NativeAssets);

        var x64 = ProjectAssets.Read(Fixture("runtime-targets.assets.json"), "linux-x64");
        Assert.Equal([InPackages("managed.lib/1.0.0", "runtimes/linux-x64/native/libhelper.so")], x64.Find("Managed.Lib")!.NativeAssets);
    }

    [Fact]
    public void Other_operating_systems_get_their_own_files()
    {
        var windows = ProjectAssets.Read(Fixture("runtime-targets.assets.json"), "win-x64");
        Assert.Equal([InPackages("native.lib/2.0.0", "runtimes/win-x64/native/native.dll")], windows.Find("Native.Lib")!.NativeAssets);
        Assert.Equal([InPackages("managed.lib/1.0.0", "runtimes/win/lib/net8.0/Managed.Lib.dll")], windows.Find("Managed.Lib")!.RuntimeAssets);
        Assert.Empty(windows.Find("Managed.Lib")!.NativeAssets);
    }

    [Fact]
    public void Compile_and_runtime_assets_are_kept_apart_and_placeholders_skipped()
    {
        var result = ProjectAssets.Read(Fixture("runtime-targets.assets.json"), "linux-x64");
        var managed = result.Find("Managed.Lib")!;
        Assert.Equal([InPackages("managed.lib/1.0.0", "ref/net8.0/Managed.Lib.dll")], managed.CompileAssets);
        Assert.Equal([InPackages("managed.lib/1.0.0", "runtimes/unix/lib/net8.0/Managed.Lib.dll")], managed.RuntimeAssets);
        Assert.Empty(result.Find("Native.Lib")!.CompileAssets);
        Assert.Empty(result.Find("Native.Lib")!.RuntimeAssets);
    }

    [Fact]
    public void The_closure_follows_dependencies_and_skips_pruned_ones()
    {
        var result = ProjectAssets.Read(Fixture("runtime-targets.assets.json"), "linux-x64");
        Assert.Equal(["Native.Lib", "Managed.Lib"], result.Closure("native.lib").Select(p => p.Id));
        Assert.Equal(["Managed.Lib"], result.Closure("Managed.Lib").Select(p => p.Id));
        Assert.Empty(result.Closure("Not.Restored"));
    }

    [Fact]
    public void A_target_restored_for_the_rid_is_used_as_restore_chose()
    {
        var result = ProjectAssets.Read(Fixture("rid-target.assets.json"), "linux-musl-x64");
        Assert.Equal([InPackages("sqlite.native/3.0.0", "runtimes/linux-musl-x64/native/libe_sqlite3.so")], result.Find("Sqlite.Native")!.NativeAssets);
    }

    [Fact]
    public void Without_a_target_for_the_rid_the_portable_one_is_read()
    {
        var result = ProjectAssets.Read(Fixture("rid-target.assets.json"), "linux-x64");
        Assert.Equal([InPackages("sqlite.native/3.0.0", "runtimes/linux-x64/native/libe_sqlite3.so")], result.Find("Sqlite.Native")!.NativeAssets);
    }

    [Fact]
    public void Errors_are_read_from_the_logs_and_warnings_left_out() =>
        Assert.Equal(["NU1101: Unable to find package Nope. No packages exist with this id in source(s): nuget.org"],
            ProjectAssets.Errors(Fixture("rid-target.assets.json")));

    [Theory]
    [InlineData("e_sqlite3", "e_sqlite3")]
    [InlineData("libe_sqlite3.so", "e_sqlite3")]
    [InlineData("/x/runtimes/linux-x64/native/libsodium.so.26", "sodium")]
    [InlineData("libsodium", "sodium")]
    [InlineData("native.dll", "native")]
    [InlineData("libnative.dylib", "native")]
    [InlineData("lib", "lib")]
    public void Native_names_match_with_or_without_prefix_and_extension(string name, string expected) =>
        Assert.Equal(expected, PackageLoader.NativeName(name));
}
