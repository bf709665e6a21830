using System.Net;
using Analysis.Node.Tests;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Fhir.Tests;

public sealed class FhirSearchTests(OpenNode site) : IClassFixture<OpenNode>
{
    [Fact]
    public async Task Search_follows_next_links_through_every_page()
    {
        using var fhir = site.Source(new FhirSourceOptions { PageSize = 7 });
        var before = site.Audited("GET /fhir/Patient");
        var ids = new List<string>();
        await foreach (var patient in fhir.SearchAsync<Patient>(FhirQuery.All)) ids.Add(patient.Id!);

        Assert.Equal(site.Ids("Patient"), ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // 130 patients in pages of 7: 19 pages, each one request.
        Assert.Equal((int)Math.Ceiling(site.Node.Patients.Count / 7.0), site.Audited("GET /fhir/Patient") - before);
    }

    [Fact]
    public async Task Search_by_code_returns_exactly_the_matching_observations()
    {
        using var fhir = site.Source();
        var stages = await fhir.SearchAllAsync<Observation>(FhirQuery.Code("http://loinc.org", "21908-9").Count(11));

        Assert.Equal(site.Node.Patients.Count, stages.Count);
        var expected = site.Node.Patients.ToDictionary(p => p.Id, p => p.Stage);
        foreach (var row in FhirFlattener.Flatten(stages).Observations)
            Assert.Equal(expected[row.PatientId!], row.ValueCode);
    }

    [Fact]
    public async Task Search_by_patient_and_by_firely_search_params()
    {
        using var fhir = site.Source();
        var patient = site.Node.Patients[3];
        var conditions = await fhir.SearchAllAsync<Condition>(FhirQuery.Patient(patient.Id));
        Assert.Equal($"{patient.Id}-condition-1", Assert.Single(conditions).Id);

        var two = await fhir.SearchAllAsync<Patient>(new SearchParams().Where($"_id={site.Node.Patients[0].Id},{site.Node.Patients[1].Id}"));
        Assert.Equal([site.Node.Patients[0].Id, site.Node.Patients[1].Id], two.Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Read_gets_one_resource_and_a_missing_one_is_a_404_naming_it()
    {
        using var fhir = site.Source();
        var first = site.Node.Patients[0];
        var patient = await fhir.ReadAsync<Patient>(first.Id);
        Assert.Equal((first.Id, first.Birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (patient.Id, patient.BirthDate));

        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ReadAsync<Procedure>("nobody"));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Contains("read ", e.Message);
        Assert.Contains("/fhir/Procedure/nobody", e.Message);
        Assert.NotEmpty(e.Issues);
    }

    [Fact]
    public async Task A_bad_search_parameter_names_it_and_the_status()
    {
        using var fhir = site.Source();
        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.SearchAllAsync<Patient>(FhirQuery.All.Where("name", "x")));
        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Contains("name", Assert.Single(e.Issues));
        Assert.Contains("HTTP 400", e.Message);
        Assert.Contains("/fhir/Patient", e.Message);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_401_and_the_reason()
    {
        using var fhir = site.Source(token: "not-a-token");
        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.SearchAllAsync<Patient>());
        Assert.Equal(HttpStatusCode.Unauthorized, e.Status);
        Assert.Contains("HTTP 401", e.Message);
        Assert.NotEmpty(e.Issues);
        Assert.Contains(e.Issues[0], e.Message);
    }

    [Fact]
    public async Task A_token_without_the_records_scope_is_forbidden()
    {
        using var fhir = site.Source(token: RunningNode.AggregateToken);
        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync());
        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
        Assert.Contains("$export kick-off", e.Message);
        Assert.Contains("records", e.Message);
    }

    [Fact]
    public void Bad_options_and_urls_are_refused_naming_them()
    {
        Assert.Equal("PageSize", Assert.Throws<ArgumentOutOfRangeException>(() => new FhirSource(site.FhirBase, options: new FhirSourceOptions { PageSize = 0 })).ParamName);
        Assert.Equal("PollMaxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new FhirSource(site.FhirBase,
            options: new FhirSourceOptions { PollInitialDelay = TimeSpan.FromSeconds(5), PollMaxDelay = TimeSpan.FromSeconds(1) })).ParamName);
        Assert.Contains("ftp://x/", Assert.Throws<ArgumentException>(() => new FhirSource(new Uri("ftp://x/"))).Message);
    }
}

public sealed class ClosedSiteTests : IAsyncLifetime
{
    private RunningNode node = null!;

    public async Task InitializeAsync() => node = await RunningNode.StartAsync(SiteFixture.Random(12, seed: 5));

    public async Task DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task A_closed_site_refuses_search_and_export_with_403_saying_why()
    {
        using var fhir = new FhirSource(new Uri(node.Server.Address, "fhir"), RunningNode.RecordsToken);
        var search = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.SearchAllAsync<Patient>());
        Assert.Equal(HttpStatusCode.Forbidden, search.Status);
        Assert.Contains("not open", search.Message);
        var export = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync());
        Assert.Equal(HttpStatusCode.Forbidden, export.Status);
        Assert.Contains("not open", Assert.Single(export.Issues));
    }
}
