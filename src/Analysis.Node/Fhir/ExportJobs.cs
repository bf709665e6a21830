using System.Collections.Concurrent;
using System.Text;

namespace Analysis.Node.Fhir;

/// <summary>Runs bulk exports in the background, one at a time, writing NDJSON under <c>DIR/exports/{job}/</c>.</summary>
internal sealed class ExportJobs(FhirStore store, string dataDirectory) : IDisposable
{
    public const string FolderName = "exports";

    private readonly ConcurrentDictionary<string, ExportJob> _jobs = new();
    // One export at a time: each scans whole tables, and two at once would only halve each other's speed on a small node.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<Task> _running = [];

    public ExportJob Start(string user, string request, IReadOnlyList<FhirResourceType> types)
    {
        var id = Guid.NewGuid().ToString("N");
        var job = new ExportJob(id, user, request, types, Path.Combine(dataDirectory, FolderName, id));
        _jobs[id] = job;
        _running.Add(Task.Run(() => RunAsync(job)));
        return job;
    }

    /// <summary>The job, if it exists and belongs to <paramref name="user"/>; someone else's job is reported as missing.</summary>
    public ExportJob Find(string id, string user) =>
        _jobs.TryGetValue(id, out var job) && job.User == user ? job : throw FhirResults.NotFound($"no export '{id}' (finished and deleted, or never started)");

    /// <summary>Cancels the job and deletes its files.</summary>
    public void Delete(ExportJob job)
    {
        _jobs.TryRemove(job.Id, out _);
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
                Directory.CreateDirectory(job.Directory);
                foreach (var type in job.Types)
                {
                    long count;
                    using (var writer = new StreamWriter(job.FilePath(type), false, new UTF8Encoding(false)))
                        count = store.Export(type, writer, cancellation);
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
        _stopping.Cancel();
        Task.WaitAll([.. _running]);
        _stopping.Dispose();
        _gate.Dispose();
    }
}
