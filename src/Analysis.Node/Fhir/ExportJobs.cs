using System.Collections.Concurrent;
using System.Text;
using Analysis.Contracts;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Fhir;

/// <summary>Runs bulk exports in the background, one at a time, writing NDJSON under <c>DIR/exports/{job}/</c> (owner-only),
/// within each user's quota, and deletes a finished export's files once the site's retention has passed.</summary>
internal sealed class ExportJobs : IDisposable
{
    public const string FolderName = "exports";

    private readonly FhirStore _store;
    private readonly string _dataDirectory;
    private readonly RequestLimits _limits;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ExportJob> _jobs = new();
    // One export at a time: each scans whole tables, and two at once would only halve each other's speed on a small node.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<Task> _running = [];
    // Makes a user's quota check and the new job one step, so two kick-offs at once cannot both pass it.
    private readonly Lock _quota = new();
    private readonly ITimer _sweeper;

    /// <summary>Creates the job list.</summary>
    /// <param name="store">Reads the resources.</param>
    /// <param name="dataDirectory">The site's data folder.</param>
    /// <param name="limits">The quota per user and the retention of finished exports.</param>
    /// <param name="time">The clock retention is measured on.</param>
    public ExportJobs(FhirStore store, string dataDirectory, RequestLimits limits, TimeProvider? time = null)
    {
        _store = store;
        _dataDirectory = dataDirectory;
        _limits = limits;
        _time = time ?? TimeProvider.System;
        // Files go even if nobody asks about them again; lookups also sweep, so an expired export is never served.
        var period = TimeSpan.FromSeconds(Math.Clamp(limits.ExportRetentionSeconds / 4.0, 1, 60));
        _sweeper = _time.CreateTimer(_ => Sweep(), null, period, period);
    }

    /// <summary>Starts an export for <paramref name="user"/>.</summary>
    /// <exception cref="RequestException">429 when the user already has as many running or stored exports as the site allows.</exception>
    public ExportJob Start(string user, string request, IReadOnlyList<FhirResourceType> types)
    {
        Sweep();
        ExportJob job;
        lock (_quota)
        {
            var mine = _jobs.Values.Where(j => j.User == user).ToList();
            if (mine.Count(j => !j.Finished) >= _limits.RunningExportsPerUser)
                throw Quota($"you already have {_limits.RunningExportsPerUser} export(s) running (limits.runningExportsPerUser); wait for it to finish or delete it");
            if (mine.Count >= _limits.StoredExportsPerUser)
                throw Quota($"you already hold {_limits.StoredExportsPerUser} exports (limits.storedExportsPerUser); delete one, or wait until it expires {_limits.ExportRetentionSeconds} s after it finished");
            var id = Guid.NewGuid().ToString("N");
            job = new ExportJob(id, user, request, types, Path.Combine(_dataDirectory, FolderName, id));
            _jobs[id] = job;
        }
        // The job outlives the request that started it: it must not inherit that request's deadline (an ambient value).
        using (ExecutionContext.SuppressFlow()) _running.Add(Task.Run(() => RunAsync(job)));
        return job;
    }

    private static RequestException Quota(string detail) => new(429, "export-quota", "Export quota reached", detail);

    /// <summary>The job, if it exists, has not expired and belongs to <paramref name="user"/>; someone else's job is reported as missing.</summary>
    public ExportJob Find(string id, string user)
    {
        Sweep();
        return _jobs.TryGetValue(id, out var job) && job.User == user ? job : throw FhirResults.NotFound($"no export '{id}' (deleted, expired, or never started)");
    }

    /// <summary>Deletes every finished export older than the retention.</summary>
    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var job in _jobs.Values)
            if (job.Finished && job.FinishedAt is { } at && now - at >= TimeSpan.FromSeconds(_limits.ExportRetentionSeconds))
                Delete(job);
    }

    /// <summary>Cancels the job and deletes its files.</summary>
    public void Delete(ExportJob job)
    {
        if (!_jobs.TryRemove(job.Id, out _)) return;
        job.Cancellation.Cancel();
        // A running job removes its own folder once it sees the cancellation; a finished one has nobody else to do it.
        if (job.Finished) DeleteFolder(job);
    }

    private async Task RunAsync(ExportJob job)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, _stopping.Token);
        var cancellation = linked.Token;
        try
        {
            await _gate.WaitAsync(cancellation);
            try
            {
                FileModes.RestrictDirectoryToOwner(Path.Combine(_dataDirectory, FolderName));
                FileModes.RestrictDirectoryToOwner(job.Directory);
                foreach (var type in job.Types)
                {
                    long count;
                    using (var writer = new StreamWriter(new FileStream(job.FilePath(type), FileModes.OwnerOnlyOptions(FileMode.Create, FileAccess.Write)), new UTF8Encoding(false)))
                        count = _store.Export(type, writer, cancellation);
                    if (count > 0) job.Outputs.Add((type, count));
                    else File.Delete(job.FilePath(type));
                    job.Done++;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: export {job.Id}: {e}");
            job.Error = "the export failed; the operator has the details";
        }
        catch (Exception)
        {
            // Cancelled: the files are removed below.
        }
        finally
        {
            job.FinishedAt = _time.GetUtcNow();
            job.Finished = true;
            // Checked after Finished is set, and Delete checks Finished after cancelling, so whichever comes second removes the folder.
            if (cancellation.IsCancellationRequested) DeleteFolder(job);
        }
    }

    private static void DeleteFolder(ExportJob job)
    {
        try
        {
            if (Directory.Exists(job.Directory)) Directory.Delete(job.Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed by the other side of the cancel race.
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: could not delete {job.Directory}: {e.Message}");
        }
    }

    /// <summary>Stops running exports (their partial files are removed) and waits for them.</summary>
    public void Dispose()
    {
        _sweeper.Dispose();
        _stopping.Cancel();
        Task.WaitAll([.. _running]);
        _stopping.Dispose();
        _gate.Dispose();
    }
}
