using Analysis.Node.Configuration;
using Analysis.Node.Http;
using Analysis.Node.Ingest;
using Analysis.Synthetic;

namespace Analysis.Node.Tests.Imaging;

/// <summary>A synthetic imaging site: its folder (written by <c>analysis synth</c>'s generator with imaging) and a node over it.</summary>
public sealed class ImagingSite : IAsyncDisposable
{
    public required string Directory { get; init; }
    public required NodeServer Server { get; init; }
    public required IngestReport Report { get; init; }

    public static async Task<ImagingSite> StartAsync(string site, ulong seed, NodeConfig config, int patients = 160, double share = 0.5)
    {
        var dir = SiteFixture.NewDirectory();
        SiteDataWriter.Write(new GeneratorOptions { Site = site, Patients = patients, Seed = seed, ImagingShare = share }, dir);
        var report = new SiteIngestor(dir).Ingest();
        Assert.True(report.Succeeded);
        return new ImagingSite { Directory = dir, Server = await NodeServer.StartAsync(dir, config, 0), Report = report };
    }

    public HttpClient Client(string token = RunningNode.AggregateToken)
    {
        var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, true);
    }
}
