using Analysis.Kernel.Packages;

namespace Analysis.Kernel.Tests.Packages;

public sealed class PackageDirectiveTests
{
    [Theory]
    [InlineData("nuget: Newtonsoft.Json, 13.0.3", "Newtonsoft.Json", "13.0.3")]
    [InlineData("nuget:Humanizer.Core", "Humanizer.Core", null)]
    [InlineData("NuGet:  Serilog ,  4.*", "Serilog", "4.*")]
    [InlineData("  nuget: My_Package-2, [1.0,2.0)", "My_Package-2", "[1.0,2.0)")]
    [InlineData("nuget: Foo, 1.0.0-beta.1", "Foo", "1.0.0-beta.1")]
    [InlineData("nuget: Foo, *", "Foo", "*")]
    public void Valid_forms_parse(string text, string id, string? version)
    {
        Assert.True(PackageDirective.TryParse(text, out var directive, out var error), error);
        Assert.Equal(new PackageDirective(id, version), directive);
    }

    [Theory]
    [InlineData("nuget:", "no package id")]
    [InlineData("nuget:   ", "no package id")]
    [InlineData("nuget: , 1.0", "no package id")]
    [InlineData("nuget: Foo,", "empty")]
    [InlineData("nuget: Foo, latest", "'latest' is not a NuGet version")]
    [InlineData("nuget: Foo, 1.0, 2.0", "more than one comma")]
    [InlineData("nuget: Foo 1.0", "'Foo 1.0' is not a valid package id")]
    [InlineData("nuget: Foo..Bar", "not a valid package id")]
    public void Malformed_forms_say_what_is_wrong_and_show_the_expected_form(string text, string problem)
    {
        Assert.False(PackageDirective.TryParse(text, out var directive, out var error));
        Assert.Null(directive);
        Assert.Contains(problem, error);
        Assert.Contains("#r \"nuget: Id, Version\"", error);
    }

    [Theory]
    [InlineData("nuget: X", true)]
    [InlineData(" NUGET:X", true)]
    [InlineData("lib/nuget.dll", false)]
    [InlineData("/abs/path/Lib.dll", false)]
    public void Only_nuget_references_are_packages(string text, bool expected) =>
        Assert.Equal(expected, PackageDirective.IsPackageReference(text));

    [Fact]
    public void Latest_is_a_floating_version_and_equivalent_versions_share_a_key()
    {
        Assert.Equal("*", new PackageDirective("Foo", null).VersionOrLatest);
        Assert.Equal(new PackageDirective("foo", "13.0.3").Key, new PackageDirective("Foo", "13.0.3.0").Key);
        Assert.NotEqual(new PackageDirective("Foo", "13.0.3").Key, new PackageDirective("Foo", "13.*").Key);
    }
}
