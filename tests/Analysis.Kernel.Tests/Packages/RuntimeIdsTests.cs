using Analysis.Kernel.Packages;

namespace Analysis.Kernel.Tests.Packages;

public sealed class RuntimeIdsTests
{
    [Fact]
    public void Linux_falls_back_through_linux_and_unix() =>
        Assert.Equal(["linux-x64", "linux", "unix-x64", "unix", "any"], RuntimeIds.FallbackChain("linux-x64"));

    [Fact]
    public void Musl_falls_back_to_glibc_linux_assets() =>
        Assert.Equal(["linux-musl-arm64", "linux-musl", "linux-arm64", "linux", "unix-arm64", "unix", "any"], RuntimeIds.FallbackChain("linux-musl-arm64"));

    [Fact]
    public void Windows_has_no_unix_fallback() =>
        Assert.Equal(["win-x64", "win", "any"], RuntimeIds.FallbackChain("win-x64"));

    [Theory]
    [InlineData("linux-x64", "linux-x64")]
    [InlineData("osx-arm64", "osx-arm64")]
    [InlineData("linux-musl-x64", "linux-musl-x64")]
    [InlineData("alpine.3.19-x64", "linux-musl-x64")]
    public void Portable_rids_stay_and_distribution_rids_map(string rid, string portable) =>
        Assert.Equal(portable, RuntimeIds.Portable(rid));

    [Fact]
    public void The_current_rid_is_portable() =>
        Assert.Equal(RuntimeIds.Current, RuntimeIds.Portable(RuntimeIds.Current));
}
