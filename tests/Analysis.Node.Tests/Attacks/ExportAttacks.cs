using System.Net;
using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Fhir;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Issue 11, route 10: bulk exports had no quota or expiry and echoed the Host header into manifest links.</summary>
public sealed class ExportAttacks
{
    private static HttpRequestMessage KickOffRequest(string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "$export?_type=Patient");
        request.Headers.Add("Accept", "application/fhir+json");
        request.Headers.Add("Prefer", "respond-async");
        if (host is not null) request.Headers.Host = host;
        return request;
    }

    private static async Task<Uri> KickOff(HttpClient http, string? host = null)
    {
        using var response = await http.SendAsync(KickOffRequest(host));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Content.Headers.ContentLocation!;
    }

    /// <summary>Polls (as Retry-After says) until the export finished; the manifest.</summary>
    private static async Task<JsonElement> Manifest(HttpClient http, Uri status, string? host = null)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, status);
            if (host is not null) request.Headers.Host = host;
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK) return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(200);
        }
        throw new TimeoutException("the export did not finish");
    }

    private static Task<RunningNode> Open(RequestLimits limits, string? publicBaseUrl = null) =>
        RunningNode.StartAsync(SiteFixture.Random(30, seed: 12), RunningNode.DefaultConfig(open: true) with { Limits = limits, PublicBaseUrl = publicBaseUrl });

    [Fact]
    public async Task A_spoofed_host_header_never_reaches_the_links()
    {
        await using var node = await Open(new RequestLimits());
        using var http = Fhir.Http(node);
        const string evil = "evil.example:8443";
        var status = await KickOff(http, evil);
        Assert.Equal(node.Server.Address.Authority, status.Authority);
        var manifest = await Manifest(http, status, evil);
        var text = manifest.GetRawText();
        Assert.DoesNotContain("evil", text);
        Assert.StartsWith(node.Server.Address.ToString(), manifest.GetProperty("request").GetString());
        Assert.All(manifest.GetProperty("output").EnumerateArray(), o => Assert.StartsWith(new Uri(node.Server.Address, "fhir/").ToString(), o.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task The_configured_public_base_url_is_used_for_every_link()
    {
        const string published = "https://node.example.org/site-a/";
        await using var node = await Open(new RequestLimits(), published);
        using var http = Fhir.Http(node);
        using var kickOff = await http.SendAsync(KickOffRequest("evil.example"));
        var location = kickOff.Content.Headers.ContentLocation!;
        Assert.StartsWith(published + "fhir/bulkstatus/", location.ToString());
        // The published address is the proxy's; ask the node itself for the same job.
        var status = new Uri(new Uri(node.Server.Address, "fhir/"), location.AbsolutePath[(new Uri(published).AbsolutePath.Length + "fhir/".Length)..]);
        var manifest = await Manifest(http, status);
        Assert.Equal(published + "fhir/$export?_type=Patient", manifest.GetProperty("request").GetString());
        Assert.All(manifest.GetProperty("output").EnumerateArray(), o => Assert.StartsWith(published + "fhir/bulkfiles/", o.GetProperty("url").GetString()));
        using var anonymous = new HttpClient { BaseAddress = node.Server.Address };
        using var map = await anonymous.GetAsync("api/map");
        Assert.Contains(published + "api/individuals", await map.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_cannot_hold_more_exports_than_the_quota()
    {
        await using var node = await Open(new RequestLimits { RunningExportsPerUser = 1, StoredExportsPerUser = 2 });
        using var http = Fhir.Http(node);
        var first = await KickOff(http);
        await Manifest(http, first);
        var second = await KickOff(http);
        await Manifest(http, second);
        using (var third = await http.SendAsync(KickOffRequest()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.NotNull(third.Headers.RetryAfter);
            Assert.Contains("storedExportsPerUser", await third.Content.ReadAsStringAsync());
        }
        Assert.Equal(429, SecurityApiTests.ReadAudit(node.Directory).Last().GetProperty("status").GetInt32());
        // Deleting one frees a place.
        using (var deleted = await http.DeleteAsync(first)) Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await Manifest(http, await KickOff(http));
    }

    [Fact]
    public async Task A_finished_export_expires_its_files_are_deleted_and_its_status_is_404()
    {
        await using var node = await Open(new RequestLimits { ExportRetentionSeconds = 1 });
        using var http = Fhir.Http(node);
        var status = await KickOff(http);
        var manifest = await Manifest(http, status);
        var folder = Path.Combine(node.Directory, ExportJobs.FolderName, status.Segments[^1]);
        var file = manifest.GetProperty("output")[0].GetProperty("url").GetString()!;
        HttpStatusCode answer = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 600 && answer != HttpStatusCode.NotFound; attempt++)
        {
            await Task.Delay(100);
            using var response = await http.GetAsync(status);
            answer = response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.NotFound, answer);
        Assert.False(Directory.Exists(folder));
        using var files = await http.GetAsync(file);
        Assert.Equal(HttpStatusCode.NotFound, files.StatusCode);
    }
}
