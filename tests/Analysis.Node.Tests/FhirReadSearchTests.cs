using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Node.Tests;

public sealed class FhirReadSearchTests(OpenFhirNode site) : IClassFixture<OpenFhirNode>
{
    private RunningNode Node => site.Node;

    [Fact]
    public async Task Read_returns_the_resource_as_ingested()
    {
        var expected = Node.Patients[17];
        using var client = Fhir.Client(Node);
        var patient = await client.ReadAsync<Patient>($"Patient/{expected.Id}");

        Assert.Equal(expected.Id, patient!.Id);
        Assert.Equal(expected.Sex == "female" ? AdministrativeGender.Female : AdministrativeGender.Male, patient.Gender);
        Assert.Equal(expected.Birth.ToString("yyyy-MM-dd"), patient.BirthDate);

        using var http = Fhir.Http(Node);
        var response = await http.GetAsync($"Patient/{expected.Id}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var line = Fhir.Lines(Node, "Patient").Single(l => l.Contains($"\"id\":\"{expected.Id}\""));
        Assert.Equal(line, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Condition", "-condition-1")]
    [InlineData("Observation", "-observation-4")]
    [InlineData("Procedure", "-procedure-3")]
    [InlineData("MedicationRequest", "-med-3")]
    public async Task Each_type_is_readable(string type, string idSuffix)
    {
        var id = (type is "Procedure" or "MedicationRequest" ? Node.Patients[3].Id : Node.Patients[0].Id) + idSuffix;
        using var client = Fhir.Client(Node);
        var resource = await client.ReadAsync<Resource>($"{type}/{id}");
        Assert.Equal(type, resource!.TypeName);
        Assert.Equal(id, resource.Id);
    }

    [Fact]
    public async Task A_missing_resource_is_404_with_an_operation_outcome()
    {
        using var client = Fhir.Client(Node);
        var e = await Assert.ThrowsAsync<FhirOperationException>(() => client.ReadAsync<Patient>("Patient/no-such-patient"));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Contains("Patient/no-such-patient", e.Outcome?.Issue[0].Diagnostics);

        using var http = Fhir.Http(Node);
        await Fhir.AssertOutcome(await http.GetAsync("Specimen/x"), 404, "Specimen");
    }

    [Fact]
    public async Task Search_by_code_pages_through_every_match()
    {
        using var client = Fhir.Client(Node);
        var bundle = await client.SearchAsync<Observation>(["code=http://loinc.org|21908-9", "_count=10"]);

        Assert.Equal(Node.Patients.Count, bundle!.Total);
        Assert.StartsWith(Fhir.Base(Node).ToString(), bundle.SelfLink!.ToString());
        var ids = new List<string>();
        var pages = 0;
        for (var page = bundle; page is not null; page = await client.ContinueAsync(page))
        {
            pages++;
            Assert.True(page.Entry.Count <= 10);
            foreach (var entry in page.Entry)
            {
                var observation = Assert.IsType<Observation>(entry.Resource);
                Assert.Equal("21908-9", observation.Code.Coding[0].Code);
                Assert.Equal($"{Fhir.Base(Node)}Observation/{observation.Id}", entry.FullUrl);
                ids.Add(observation.Id!);
            }
        }
        Assert.Equal(Node.Patients.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal((Node.Patients.Count + 9) / 10, pages);
        var stages = Fhir.Lines(Node, "Observation").Where(l => l.Contains("\"21908-9\"")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        Assert.Equal(stages.Order(), ids.Order());
    }

    [Fact]
    public async Task Previous_link_walks_back()
    {
        using var client = Fhir.Client(Node);
        var first = await client.SearchAsync<Observation>(["code=21908-9", "_count=50"]);
        var second = await client.ContinueAsync(first!);
        var back = await client.ContinueAsync(second!, PageDirection.Previous);
        Assert.Equal(first!.Entry.Select(e => e.FullUrl), back!.Entry.Select(e => e.FullUrl));
    }

    [Fact]
    public async Task Search_by_subject_patient_and_bare_code()
    {
        var p = Node.Patients[5];
        using var client = Fhir.Client(Node);

        var observations = await client.SearchAsync<Observation>([$"subject=Patient/{p.Id}"]);
        Assert.Equal(Fhir.Lines(Node, "Observation").Count(l => l.Contains($"\"Patient/{p.Id}\"")), observations!.Total);
        Assert.All(observations.Entry, e => Assert.Equal($"Patient/{p.Id}", ((Observation)e.Resource!).Subject!.Reference));

        var conditions = await client.SearchAsync<Condition>([$"patient={p.Id}"]);
        Assert.Equal(1, conditions!.Total);

        var breast = await client.SearchAsync<Condition>(["code=C50.9", "_count=0"]);
        Assert.Equal(Node.Patients.Count(x => x.Icd10 == "C50.9"), breast!.Total);
        Assert.Empty(breast.Entry);
        var wrongSystem = await client.SearchAsync<Condition>(["code=http://loinc.org|C50.9"]);
        Assert.Equal(0, wrongSystem!.Total);
    }

    [Fact]
    public async Task Metadata_is_an_R4_capability_statement()
    {
        using var client = Fhir.Client(Node);
        var capabilities = await client.CapabilityStatementAsync();
        Assert.Equal(FHIRVersion.N4_0_1, capabilities!.FhirVersion);
        Assert.Equal(["Patient", "Condition", "Observation", "Procedure", "MedicationRequest"], capabilities.Rest[0].Resource.Select(r => r.Type));
    }

    [Theory]
    [InlineData("Observation?foo=bar", "foo")]
    [InlineData("Observation?code:text=stage", "code:text")]
    [InlineData("Patient?code=C50.9", "code")]
    [InlineData("Observation?_count=abc", "_count")]
    [InlineData("Observation?_count=5000", "_count")]
    [InlineData("Observation?_count=-1", "_count")]
    [InlineData("Observation?_offset=x", "_offset")]
    [InlineData("Observation?subject=Group/1", "Group/1")]
    public async Task Bad_search_input_is_400_naming_the_parameter(string query, string mentions)
    {
        using var http = Fhir.Http(Node);
        await Fhir.AssertOutcome(await http.GetAsync(query), 400, mentions);
    }

    [Fact]
    public async Task The_records_scope_is_required()
    {
        using var http = Fhir.Http(Node, RunningNode.AggregateToken);
        await Fhir.AssertOutcome(await http.GetAsync($"Patient/{Node.Patients[0].Id}"), 403, "records");
        using var anonymous = Fhir.Http(Node, null);
        await Fhir.AssertOutcome(await anonymous.GetAsync("Observation"), 401, "Bearer");
    }

    [Fact]
    public async Task A_closed_dataset_serves_no_fhir()
    {
        await using var closed = await RunningNode.StartAsync(SiteFixture.Random(12, seed: 5));
        using var http = Fhir.Http(closed);
        await Fhir.AssertOutcome(await http.GetAsync($"Patient/{closed.Patients[0].Id}"), 403, "not open");
        await Fhir.AssertOutcome(await http.GetAsync("Observation?code=21908-9"), 403, "not open");
        using var request = new HttpRequestMessage(HttpMethod.Get, "$export");
        request.Headers.Add("Prefer", "respond-async");
        request.Headers.Add("Accept", "application/fhir+json");
        await Fhir.AssertOutcome(await http.SendAsync(request), 403, "not open");
        var audit = File.ReadAllLines(Path.Combine(closed.Directory, "audit.jsonl"));
        Assert.Contains(audit, l => l.Contains("GET /fhir/Observation") && l.Contains("not open") && l.Contains("carol"));
    }
}
