using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Analysis.Node.Tests;

/// <summary>
/// <c>GET /api/v1/info</c> reports the dataset fingerprint a reproducible run records: SHA-256 over the ingested files'
/// names and hashes. The reference hashes come from coreutils' <c>sha256sum</c> over the files on disk, not from the
/// node's ingest log.
/// </summary>
public sealed class DatasetFingerprintTests
{
    private static async Task<JsonElement> Dataset(RunningNode node)
    {
        var response = await node.Client.GetAsync("api/v1/info");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("dataset");
    }

    private static string Sha256Sum(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("sha256sum", [path]) { RedirectStandardOutput = true })!;
        var line = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return line.Split(' ')[0];
    }

    [Fact]
    public async Task Info_fingerprints_the_ingested_files_and_the_same_data_elsewhere_gives_the_same_one()
    {
        var patients = SiteFixture.Random(120, seed: 77);
        await using var node = await RunningNode.StartAsync(patients);
        await using var copy = await RunningNode.StartAsync(patients);
        await using var other = await RunningNode.StartAsync(SiteFixture.Random(120, seed: 78));

        var files = Directory.EnumerateFiles(node.Directory).Where(f => f.EndsWith(".ndjson", StringComparison.Ordinal) || f.EndsWith(".maf", StringComparison.Ordinal))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 5, string.Join(", ", files));
        var lines = string.Concat(files.Select(f => $"{f}:{Sha256Sum(Path.Combine(node.Directory, f!))}\n"));
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));

        var dataset = await Dataset(node);
        Assert.Equal(expected, dataset.GetProperty("sha256").GetString());
        Assert.Equal(files.Count, dataset.GetProperty("files").GetInt32());
        Assert.Equal(expected, (await Dataset(copy)).GetProperty("sha256").GetString());
        Assert.NotEqual(expected, (await Dataset(other)).GetProperty("sha256").GetString());
    }
}
