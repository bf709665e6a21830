namespace Analysis.Contracts;

/// <summary>
/// Where our libraries say which random seeds they used, so a headless run can record them with its results
/// (<c>analysis run</c> puts them in the run's RO-Crate). The libraries only report; the kernel extension listens and
/// writes each seed into the running cell's output.
/// </summary>
public static class RandomSeeds
{
    /// <summary>Raised on the thread that drew from the seed: (what drew, the seed).</summary>
    public static event Action<string, long>? Used;

    /// <summary>Reports that <paramref name="source"/> draws random numbers from <paramref name="seed"/>.</summary>
    public static void Note(string source, long seed) => Used?.Invoke(source, seed);
}
