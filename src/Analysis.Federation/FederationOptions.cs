namespace Analysis.Federation;

/// <summary>How a federation talks to its sites: timeouts, retries, where progress goes and what else cancels a question.</summary>
/// <remarks>
/// A notebook writes <c>FederationClient.Local()</c> and gets <see cref="Default"/>, which the notebook kernel's
/// extension sets once at start-up so every question shows its progress in the running cell and stops when the cell
/// is interrupted. To change one setting and keep those, start from the defaults:
/// <c>FederationClient.Local(FederationOptions.Default with { SiteTimeout = TimeSpan.FromSeconds(30) })</c>.
/// </remarks>
public sealed record FederationOptions
{
    /// <summary>
    /// The options <see cref="FederationClient.Local"/> and <see cref="FederationClient.Connect"/> use when given none:
    /// plain defaults, unless the host running the code (the notebook kernel's extension) supplied its own at start-up.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public static FederationOptions Default
    {
        get => defaults;
        set => defaults = value ?? throw new ArgumentNullException(nameof(value));
    }

    private static FederationOptions defaults = new();

    /// <summary>How long one site may take for one question, retries included, before its answer is given up.</summary>
    public TimeSpan SiteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts for an idempotent request on connection errors and 5xx answers (1 means no retry).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; doubled for each later one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Where each site's answer to each question is reported as it arrives (e.g. a line in the notebook cell); null reports nothing.</summary>
    public IProgress<FederationProgress>? Progress { get; init; }

    /// <summary>
    /// A token every question also obeys besides the one passed to the call, read when the question is sent: the notebook
    /// kernel supplies the running cell's interrupt token, so interrupting a cell stops its in-flight requests. Null for none.
    /// </summary>
    public Func<CancellationToken>? Cancellation { get; init; }

    internal void Validate()
    {
        if (SiteTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SiteTimeout), SiteTimeout, "must be positive");
        if (MaxAttempts is < 1 or > 10) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be between 1 and 10");
        if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "must not be negative");
    }
}
