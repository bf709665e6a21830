namespace Analysis.Federation.Tests;

public sealed class CatalogTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("analysis-federation-tests").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string json, string extension = ".json")
    {
        var path = Path.Combine(dir, $"{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Reads_a_yaml_catalog_with_the_same_members()
    {
        var path = Write("""
            # two sites; lyon's token comes from the environment
            sites:
              - name: oslo
                country: NO
                url: http://127.0.0.1:41234
                token: "secret"
                beaconUrl: http://127.0.0.1:41234/api/
                fhirUrl: ~
              - name: lyon
                country: FR
                url: https://lyon.example.org/node/
                tokenEnv: HOME
            """, ".yaml");
        var sites = FederationCatalog.Load(path).Sites;
        Assert.Equal(["oslo", "lyon"], sites.Select(s => s.Name));
        Assert.Equal("NO", sites[0].Country); // stays a string, not YAML 1.1's boolean "no"
        Assert.Equal("secret", sites[0].Token);
        Assert.Null(sites[0].FhirUrl);
        Assert.Equal("https://lyon.example.org/node/", sites[1].Url.AbsoluteUri);
        Assert.Equal(Environment.GetEnvironmentVariable("HOME"), sites[1].Token);
    }

    [Theory]
    [InlineData("sites:\n  - name: a\n    url: ftp://a/\n    token: t\n", "sites[0].url")]
    [InlineData("sites:\n  - name: a\n  url: [unclosed\n", "(line 3)")]
    [InlineData("sites: []\n", "sites")]
    [InlineData("just a string\n", "sites")]
    [InlineData("", "sites")]
    public void A_bad_yaml_catalog_names_the_member_or_line(string yaml, string field)
    {
        var path = Write(yaml.Replace("\\n", "\n"), ".yml");
        var e = Assert.Throws<FederationCatalogException>(() => FederationCatalog.Load(path));
        Assert.Equal(field, e.Field);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void Reads_the_catalog_written_by_sites_up()
    {
        var path = Write("""
            { "sites": [
              { "name": "oslo", "country": "NO", "url": "http://127.0.0.1:41234", "token": "secret",
                "beaconUrl": "http://127.0.0.1:41234/api/", "fhirUrl": null } ] }
            """);
        var site = Assert.Single(FederationCatalog.Load(path).Sites);
        Assert.Equal("oslo", site.Name);
        Assert.Equal("NO", site.Country);
        Assert.Equal("http://127.0.0.1:41234/", site.Url.AbsoluteUri);
        Assert.Equal("secret", site.Token);
        Assert.Equal("http://127.0.0.1:41234/api/", site.BeaconUrl!.AbsoluteUri);
        Assert.Null(site.FhirUrl);
        Assert.DoesNotContain("secret", site.ToString());
    }

    [Fact]
    public void Writes_what_it_reads_owner_only_with_every_member()
    {
        var catalog = new FederationCatalog([
            new Site("oslo", "NO", new Uri("http://127.0.0.1:41234/"), "secret", new Uri("http://127.0.0.1:41234/api/"), null),
            new Site("lyon", "FR", new Uri("https://lyon.example.org/node/"), "other", null, new Uri("https://lyon.example.org/fhir/")),
        ]);
        var path = Path.Combine(dir, FederationCatalog.FileName);
        Assert.Equal(path, catalog.Write(path));
        Assert.Equal(catalog.Sites, FederationCatalog.Load(path).Sites);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
        // The sites command and its tests read members that may be null, so every member is written.
        var oslo = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("sites")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, oslo.GetProperty("fhirUrl").ValueKind);
        Assert.Equal("oslo", catalog.Find("oslo")!.Name);
        Assert.Null(catalog.Find("porto"));
        Assert.DoesNotContain("secret", catalog.ToString());
    }

    [Fact]
    public void A_missing_or_broken_catalog_is_empty_for_tools_that_only_cache_it()
    {
        Assert.Empty(FederationCatalog.LoadOrEmpty(Path.Combine(dir, "missing.json")).Sites);
        Assert.Empty(FederationCatalog.LoadOrEmpty(Write("""{"sites": [""")).Sites);
        Assert.Single(FederationCatalog.LoadOrEmpty(Write("""{"sites":[{"name":"a","url":"http://127.0.0.1:1/","token":"t"}]}""")).Sites);
    }

    [Fact]
    public void Reads_the_token_from_the_named_environment_variable()
    {
        var variable = $"ANALYSIS_TEST_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            var path = Write($$"""{"sites":[{"name":"a","url":"http://localhost:1/","tokenEnv":"{{variable}}"}]}""");
            Assert.Equal("from-env", Assert.Single(FederationCatalog.Load(path).Sites).Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("""{"sites":[{"url":"http://a/","token":"t"}]}""", "sites[0].name")]
    [InlineData("""{"sites":[{"name":"a","token":"t"}]}""", "sites[0].url")]
    [InlineData("""{"sites":[{"name":"a","url":"ftp://a/","token":"t"}]}""", "sites[0].url")]
    [InlineData("""{"sites":[{"name":"a","url":"not a url","token":"t"}]}""", "sites[0].url")]
    [InlineData("""{"sites":[{"name":"a","url":"http://a/"}]}""", "sites[0].token")]
    [InlineData("""{"sites":[{"name":"a","url":"http://a/","tokenEnv":"ANALYSIS_SURELY_UNSET_VARIABLE"}]}""", "sites[0].tokenEnv")]
    [InlineData("""{"sites":[{"name":"a","url":"http://a/","token":"t","tokenEnv":"X"}]}""", "sites[0].tokenEnv")]
    [InlineData("""{"sites":[{"name":"a","url":"http://a/","token":"t"},{"name":"A","url":"http://b/","token":"t"}]}""", "sites[1].name")]
    [InlineData("""{"sites":[{"name":42,"url":"http://a/","token":"t"}]}""", "sites[0].name")]
    [InlineData("""{"sites":[]}""", "sites")]
    [InlineData("""{"nodes":[]}""", "sites")]
    [InlineData("""[1, 2]""", "sites")]
    [InlineData("""{"sites": [""", "(line")]
    public void Bad_catalogs_name_the_file_and_the_field(string json, string field)
    {
        var path = Write(json);
        var error = Assert.Throws<FederationCatalogException>(() => FederationCatalog.Load(path));
        Assert.StartsWith(field, error.Field);
        Assert.Contains(path, error.Message);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void A_missing_catalog_names_the_file()
    {
        var path = Path.Combine(dir, "missing.json");
        var error = Assert.Throws<FederationCatalogException>(() => FederationClient.Connect(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Local_reads_the_catalog_named_by_the_environment()
    {
        var path = Write("""{"sites":[{"name":"a","url":"http://127.0.0.1:1/","token":"t"}]}""");
        var before = Environment.GetEnvironmentVariable(FederationClient.CatalogVariable);
        Environment.SetEnvironmentVariable(FederationClient.CatalogVariable, path);
        try
        {
            Assert.Equal(path, FederationClient.DefaultCatalogPath());
            using var fed = FederationClient.Local();
            Assert.Equal("a", Assert.Single(fed.Sites).Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable(FederationClient.CatalogVariable, before);
        }
    }

    [Fact]
    public void The_default_catalog_is_in_the_xdg_sites_folder()
    {
        string[] names = [FederationClient.CatalogVariable, "ANALYSIS_SITES_DIR", "XDG_DATA_HOME"];
        var before = names.Select(Environment.GetEnvironmentVariable).ToArray();
        try
        {
            Environment.SetEnvironmentVariable(FederationClient.CatalogVariable, null);
            Environment.SetEnvironmentVariable("ANALYSIS_SITES_DIR", null);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", dir);
            Assert.Equal(Path.Combine(dir, "analysis", "sites", "federation.json"), FederationClient.DefaultCatalogPath());
            var error = Assert.Throws<FederationCatalogException>(() => FederationClient.Local());
            Assert.Contains(Path.Combine(dir, "analysis", "sites", "federation.json"), error.Message);
        }
        finally
        {
            for (var i = 0; i < names.Length; i++) Environment.SetEnvironmentVariable(names[i], before[i]);
        }
    }
}
