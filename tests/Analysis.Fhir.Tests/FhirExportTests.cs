using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Fhir.Tests;

public sealed class FhirExportTests(OpenNode site) : IClassFixture<OpenNode>
{
    private static readonly string[] AllTypes = ["Patient", "Condition", "Observation", "Procedure", "MedicationRequest"];

    [Fact]
    public async Task Export_of_every_type_equals_the_fixture_and_reports_progress()
    {
        using var fhir = site.Source(new FhirSourceOptions { PollInitialDelay = TimeSpan.FromMilliseconds(50) });
        var progress = new ProgressLog();
        var export = await fhir.ExportAsync(progress: progress);

        Assert.Equal(AllTypes.Order(), export.Resources.Keys.Order());
        foreach (var type in AllTypes)
        {
            Assert.Equal(site.Ids(type), export.Resources[type].Select(r => r.Id).Order(StringComparer.Ordinal));
            Assert.Equal(export.Resources[type].Count, export.Counts[type]);
            Assert.Equal(export.Counts[type], Assert.Single(export.Manifest.Outputs, o => o.Type == type).Count);
        }
        Assert.All(export.Resources, r => Assert.All(r.Value, x => Assert.Equal(r.Key, x.TypeName)));
        Assert.True(export.Manifest.RequiresAccessToken);
        Assert.NotNull(export.Manifest.TransactionTime);

        var reports = progress.Reports;
        Assert.NotEmpty(reports);
        Assert.True(reports[^1].Complete);
        Assert.Equal(reports.Count, reports[^1].Polls);
        Assert.All(reports.SkipLast(1), r => Assert.False(r.Complete));
        Assert.All(reports.SkipLast(1), r => Assert.StartsWith("exported", r.Progress));
        // The job is removed at the server once its files are read.
        await AssertGone(reports[^1].StatusUrl);
    }

    [Fact]
    public async Task Export_of_some_types_asks_only_for_them()
    {
        using var fhir = site.Source(new FhirSourceOptions { PollInitialDelay = TimeSpan.FromMilliseconds(50) });
        var export = await fhir.ExportAsync(["Patient", "Procedure"]);
        Assert.Equal(["Patient", "Procedure"], export.Resources.Keys.Order());
        Assert.Equal(site.Node.Patients.Count, export.Of<Patient>().Count);
        Assert.EndsWith("_type=Patient,Procedure", Uri.UnescapeDataString(export.Manifest.Request!));
    }

    [Fact]
    public async Task An_unknown_type_is_refused_with_the_servers_reason()
    {
        using var fhir = site.Source();
        var e = await Assert.ThrowsAsync<FhirSourceException>(() => fhir.ExportAsync(["Specimen"]));
        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Contains("Specimen", Assert.Single(e.Issues));
    }

    [Fact]
    public async Task Cancelling_an_export_deletes_the_job_at_the_server()
    {
        using var fhir = site.Source(new FhirSourceOptions { PollInitialDelay = TimeSpan.FromMilliseconds(50) });
        using var cancel = new CancellationTokenSource();
        var progress = new ProgressLog(_ => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fhir.ExportAsync(progress: progress, cancellationToken: cancel.Token));

        var status = progress.Reports[0].StatusUrl;
        await AssertGone(status);
        var folder = Path.Combine(site.Node.Directory, "exports", status.Segments[^1]);
        // A running job removes its own folder once it sees the cancellation, moments after the DELETE is answered.
        for (var i = 0; i < 200 && Directory.Exists(folder); i++) await Task.Delay(50);
        Assert.False(Directory.Exists(folder), $"{folder} should have been removed");
    }

    private static async Task AssertGone(Uri status)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Analysis.Node.Tests.RunningNode.RecordsToken);
        using var response = await http.GetAsync(status);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
