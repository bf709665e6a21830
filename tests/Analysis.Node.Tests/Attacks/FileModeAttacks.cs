using System.Net;
using System.Text.Json;
using Analysis.Node.Fhir;
using Analysis.Node.Http;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Issue 11, route 10: site.duckdb and audit.jsonl were world-readable. Every file the node writes is owner-only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeAttacks
{
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Dir0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task The_database_audit_log_key_ledger_and_exports_are_owner_only()
    {
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(30, seed: 13), RunningNode.DefaultConfig(open: true));
        var (ok, _) = await node.PostAsync("api/v1/count", new { });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var http = Fhir.Http(node);
        using var request = new HttpRequestMessage(HttpMethod.Get, "$export?_type=Patient");
        request.Headers.Add("Accept", "application/fhir+json");
        request.Headers.Add("Prefer", "respond-async");
        using var kickOff = await http.SendAsync(request);
        var status = kickOff.Content.Headers.ContentLocation!;
        for (var i = 0; i < 600; i++)
        {
            using var poll = await http.GetAsync(status);
            if (poll.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(100);
        }

        Assert.Equal(Dir0700, File.GetUnixFileMode(node.Directory));
        var owned = new[] { SiteDatabase.FileName, SiteDatabase.FileName + ".wal", AuditLog.FileName, "node.key", "cohort-ledger.bin" }
            .Select(f => Path.Combine(node.Directory, f)).Where(File.Exists).ToList();
        Assert.Contains(Path.Combine(node.Directory, SiteDatabase.FileName), owned);
        Assert.Contains(Path.Combine(node.Directory, AuditLog.FileName), owned);
        Assert.All(owned, f => Assert.Equal(File0600, File.GetUnixFileMode(f)));
        var exports = Path.Combine(node.Directory, ExportJobs.FolderName);
        Assert.Equal(Dir0700, File.GetUnixFileMode(exports));
        var jobFolder = Path.Combine(exports, status.Segments[^1]);
        Assert.Equal(Dir0700, File.GetUnixFileMode(jobFolder));
        var files = Directory.GetFiles(jobFolder);
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(File0600, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task A_world_readable_audit_log_from_before_is_narrowed_at_start()
    {
        var patients = SiteFixture.Random(20, seed: 14);
        await using var node = await RunningNode.StartAsync(patients);
        var dir = node.Directory;
        await node.Server.DisposeAsync();
        File.SetUnixFileMode(Path.Combine(dir, AuditLog.FileName), File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(Path.Combine(dir, SiteDatabase.FileName), File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var again = await NodeServer.StartAsync(dir, RunningNode.DefaultConfig(), 0);
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(dir, AuditLog.FileName)));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(dir, SiteDatabase.FileName)));
    }
}
