namespace Analysis.Kernel.Packages;

/// <summary>An exclusive lock on a folder shared by processes: an open lock file no one else may open.</summary>
internal static class FolderLock
{
    /// <summary>Waits until the lock is free; disposing the returned stream releases it.</summary>
    /// <exception cref="TimeoutException">Another process held the lock for longer than <paramref name="timeout"/>.</exception>
    public static async Task<IDisposable> AcquireAsync(string directory, TimeSpan timeout, CancellationToken cancellation)
    {
        var path = Path.Combine(directory, ".lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is enforced between processes (flock on Unix).
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Another process kept {directory} locked for {timeout.TotalSeconds:0} seconds.", e);
            }
        }
    }
}
