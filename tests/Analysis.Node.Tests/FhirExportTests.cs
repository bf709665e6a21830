using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Node.Tests;

public sealed class FhirExportTests(OpenFhirNode site) : IClassFixture<OpenFhirNode>
{
    private static readonly string[] AllTypes = ["Patient", "Condition", "Observation", "Procedure", "MedicationRequest"];
    private RunningNode Node => site.Node;

    private static HttpRequestMessage KickOffRequest(string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "$export" + query);
        request.Headers.Add("Accept", "application/fhir+json");
        request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    private static async Task<Uri> KickOff(HttpClient http, string query = "")
    {
        using var response = await http.SendAsync(KickOffRequest(query));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = response.Content.Headers.ContentLocation ?? new Uri(response.Headers.GetValues("Content-Location").Single());
        Assert.True(status.IsAbsoluteUri);
        return status;
    }

    /// <summary>Polls the status URL, waiting as long as Retry-After says, until the manifest arrives.</summary>
    private static async Task<JsonElement> Manifest(HttpClient http, Uri status)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            using var response = await http.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(response.Headers.Contains("X-Progress"));
            var wait = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(wait);
            await Task.Delay(wait.Value);
        }
        throw new TimeoutException("the export did not finish");
    }

    [Fact]
    public async Task Export_writes_one_ndjson_file_per_type_with_every_resource()
    {
        using var http = Fhir.Http(Node);
        var manifest = await Manifest(http, await KickOff(http));

        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(manifest.GetProperty("transactionTime").GetString(), out _));
        Assert.EndsWith("/fhir/$export", manifest.GetProperty("request").GetString());
        Assert.Equal(0, manifest.GetProperty("error").GetArrayLength());
        var outputs = manifest.GetProperty("output").EnumerateArray().ToList();
        Assert.Equal(AllTypes, outputs.Select(o => o.GetProperty("type").GetString()));

        var parser = new FhirJsonDeserializer();
        foreach (var output in outputs)
        {
            var type = output.GetProperty("type").GetString()!;
            using var response = await http.GetAsync(output.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/fhir+ndjson", response.Content.Headers.ContentType?.MediaType);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Fhir.Lines(Node, type).Count, lines.Length);
            Assert.Equal(lines.Length, output.GetProperty("count").GetInt32());
            foreach (var line in lines) Assert.Equal(type, parser.Deserialize<Resource>(line).TypeName);
        }
        Assert.True(Directory.Exists(Path.Combine(Node.Directory, "exports")));
    }

    [Fact]
    public async Task Type_limits_the_export_and_delete_removes_it()
    {
        using var http = Fhir.Http(Node);
        var status = await KickOff(http, "?_type=Patient,Condition");
        var manifest = await Manifest(http, status);
        Assert.Equal(["Patient", "Condition"], manifest.GetProperty("output").EnumerateArray().Select(o => o.GetProperty("type").GetString()));
        var file = manifest.GetProperty("output")[0].GetProperty("url").GetString();

        using var deleted = await http.DeleteAsync(status);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await Fhir.AssertOutcome(await http.GetAsync(status), 404, "no export");
        await Fhir.AssertOutcome(await http.GetAsync(file), 404, "no export");
        Assert.False(Directory.Exists(Path.Combine(Node.Directory, "exports", status.Segments[^1])));
    }

    [Fact]
    public async Task Delete_right_after_kick_off_cancels_and_removes_the_files()
    {
        using var http = Fhir.Http(Node);
        var status = await KickOff(http);
        using var deleted = await http.DeleteAsync(status);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await Fhir.AssertOutcome(await http.GetAsync(status), 404, "no export");
        var folder = Path.Combine(Node.Directory, "exports", status.Segments[^1]);
        for (var i = 0; i < 100 && Directory.Exists(folder); i++) await Task.Delay(100);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Another_user_cannot_see_an_export()
    {
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(12, seed: 9), RunningNode.DefaultConfig(open: true) with
        {
            Tokens = [.. RunningNode.DefaultConfig().Tokens, new Analysis.Node.Configuration.TokenGrant("token-dave", "dave", ["records"])],
        });
        using var carol = Fhir.Http(node);
        var status = await KickOff(carol, "?_type=Patient");
        using var dave = Fhir.Http(node, "token-dave");
        await Fhir.AssertOutcome(await dave.GetAsync(status), 404, "no export");
        Assert.Equal(12, (await Manifest(carol, status)).GetProperty("output")[0].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Export_files_need_the_token_of_the_user_who_asked()
    {
        using var http = Fhir.Http(Node);
        var manifest = await Manifest(http, await KickOff(http, "?_type=Patient"));
        var file = manifest.GetProperty("output")[0].GetProperty("url").GetString();
        using var anonymous = Fhir.Http(Node, null);
        await Fhir.AssertOutcome(await anonymous.GetAsync(file), 401, "Bearer");
        using var aggregate = Fhir.Http(Node, RunningNode.AggregateToken);
        await Fhir.AssertOutcome(await aggregate.GetAsync(file), 403, "records");
    }

    [Theory]
    [InlineData("", null, "Prefer")]
    [InlineData("", "text/html", "Accept")]
    [InlineData("?_type=Specimen", "application/fhir+json", "Specimen")]
    [InlineData("?_since=2020-01-01", "application/fhir+json", "_since")]
    [InlineData("?_outputFormat=text/csv", "application/fhir+json", "text/csv")]
    public async Task Bad_kick_off_is_400(string query, string? accept, string mentions)
    {
        using var http = Fhir.Http(Node);
        using var request = new HttpRequestMessage(HttpMethod.Get, "$export" + query);
        if (accept is not null) request.Headers.Add("Accept", accept);
        if (mentions != "Prefer") request.Headers.Add("Prefer", "respond-async");
        await Fhir.AssertOutcome(await http.SendAsync(request), 400, mentions);
    }
}
