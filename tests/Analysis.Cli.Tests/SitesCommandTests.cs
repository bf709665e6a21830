using Analysis.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Analysis.Cli.Tests;

/// <summary>Runs <c>analysis sites up/down/status</c> in-process; the nodes it starts are real detached processes on 127.0.0.1,
/// and every test stops them with <c>sites down</c> before its temp folder is removed.</summary>
[Collection("environment")]
public sealed class SitesCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cli-sites-{Guid.NewGuid():N}");
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        try
        {
            CommandRunner.Run("sites", "down", "--dir", _dir);
        }
        finally
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
    }

    private (int Exit, string Out, string Error) Up(int patients) =>
        CommandRunner.Run("sites", "up", "--sites", "2", "--patients", patients.ToString(), "--dir", _dir);

    private sealed record Site(string Name, string Url, string Token, string? FhirUrl);

    private List<Site> Catalog()
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "federation.json"))).RootElement;
        return root.GetProperty("sites").EnumerateArray()
            .Select(s => new Site(s.GetProperty("name").GetString()!, s.GetProperty("url").GetString()!, s.GetProperty("token").GetString()!,
                s.GetProperty("fhirUrl").GetString()))
            .ToList();
    }

    private static async Task<HttpResponseMessage> Count(Site site, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(site.Url), "api/v1/count"))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    private static async Task<long> Total(Site site)
    {
        using var response = await Count(site, site.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetProperty("value").GetInt64();
    }

    private int Pid(string site) => int.Parse(File.ReadAllText(Path.Combine(_dir, site, "node.pid")).Trim());

    [Fact]
    public async Task Up_serves_every_patient_to_the_token_only_and_down_stops_the_nodes()
    {
        var up = Up(300);
        Assert.True(up.Exit == 0, up.Out + up.Error);
        var sites = Catalog();
        Assert.Equal(["oslo", "lyon"], sites.Select(s => s.Name));
        foreach (var site in sites)
        {
            Assert.Equal(300, await Total(site));
            using var anonymous = await Count(site, null);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var wrong = await Count(site, "not-the-token");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        Assert.Contains("running", CommandRunner.Run("sites", "status", "--dir", _dir).Out);

        var down = CommandRunner.Run("sites", "down", "--dir", _dir);
        Assert.Equal(0, down.Exit);
        Assert.Contains("stopped oslo", down.Out);
        Assert.Contains("stopped lyon", down.Out);
        foreach (var site in sites)
        {
            Assert.False(File.Exists(Path.Combine(_dir, site.Name, "node.pid")));
            await Assert.ThrowsAsync<HttpRequestException>(() => Count(site, site.Token));
        }
        Assert.Contains("no site nodes running", CommandRunner.Run("sites", "down", "--dir", _dir).Out);
        Assert.DoesNotContain("running ", CommandRunner.Run("sites", "status", "--dir", _dir).Out);
    }

    [Fact]
    public async Task Up_again_keeps_the_data_reuses_live_nodes_restarts_dead_ones_and_regenerates_on_new_arguments()
    {
        Assert.Equal(0, Up(300).Exit);
        var files = Directory.GetFiles(_dir, "*.ndjson", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var before = Catalog();
        var oslo = Pid("oslo");

        var again = Up(300);
        Assert.Equal(0, again.Exit);
        Assert.DoesNotContain("generating", again.Out);
        Assert.Equal(oslo, Pid("oslo"));
        Assert.Equal(before, Catalog());
        Assert.All(files, f => Assert.Equal(f.Value, File.GetLastWriteTimeUtc(f.Key)));

        // A node that died (crash, reboot) leaves a stale pid file: up starts it again, still without regenerating.
        using (var process = System.Diagnostics.Process.GetProcessById(oslo))
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
        var restarted = Up(300);
        Assert.True(restarted.Exit == 0, restarted.Out + restarted.Error);
        Assert.DoesNotContain("generating", restarted.Out);
        Assert.NotEqual(oslo, Pid("oslo"));
        Assert.All(files, f => Assert.Equal(f.Value, File.GetLastWriteTimeUtc(f.Key)));
        foreach (var site in Catalog()) Assert.Equal(300, await Total(site));

        var bigger = Up(320);
        Assert.True(bigger.Exit == 0, bigger.Out + bigger.Error);
        Assert.Contains("generating 320 patients for oslo", bigger.Out);
        foreach (var site in Catalog()) Assert.Equal(320, await Total(site));
    }

    [Fact]
    public async Task Only_a_site_marked_open_serves_records_and_reopening_restarts_it()
    {
        var up = CommandRunner.Run("sites", "up", "--sites", "2", "--patients", "300", "--open", "lyon", "--dir", _dir);
        Assert.True(up.Exit == 0, up.Out + up.Error);
        var sites = Catalog().ToDictionary(s => s.Name);
        Assert.Equal(HttpStatusCode.OK, await Records(sites["lyon"]));
        Assert.Equal(HttpStatusCode.Forbidden, await Records(sites["oslo"]));
        Assert.Null(sites["oslo"].FhirUrl);
        // The catalog's FHIR base of the open site serves a search to its token.
        var search = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(sites["lyon"].FhirUrl!), "Patient?_count=1"));
        search.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sites["lyon"].Token);
        using (var found = await Http.SendAsync(search))
        {
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            Assert.Contains("\"total\":300", (await found.Content.ReadAsStringAsync()).Replace(" ", ""));
        }

        // Closing lyon again must not leave the open node running.
        var closed = Up(300);
        Assert.True(closed.Exit == 0, closed.Out + closed.Error);
        Assert.Matches(@"lyon\s+FR\s+\d+\s+restarted", closed.Out);
        Assert.Equal(HttpStatusCode.Forbidden, await Records(Catalog().Single(s => s.Name == "lyon")));
    }

    private static async Task<HttpStatusCode> Records(Site site)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(site.Url), "api/v1/records"))
        {
            Content = new StringContent("""{"limit":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", site.Token);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("--open", "porto", "--open names 'porto', which is not among the sites brought up")]
    [InlineData("--sites", "0", "--sites must be a whole number from 1 to")]
    [InlineData("--sites", "99", "--sites must be a whole number from 1 to")]
    [InlineData("--patients", "-1", "--patients must be a whole number from 1 to")]
    [InlineData("--patients", "many", "--patients must be a whole number from 1 to")]
    [InlineData("--seed", "-5", "--seed must be a whole number")]
    [InlineData("--base-port", "70000", "--base-port must be a whole number")]
    public void Bad_arguments_exit_with_code_2_and_name_the_option(string option, string value, string message)
    {
        var result = CommandRunner.Run("sites", "up", option, value, "--dir", _dir);
        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Error);
        Assert.False(Directory.Exists(_dir));
    }
}
