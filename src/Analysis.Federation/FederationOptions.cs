namespace Analysis.Federation;

/// <summary>How a federation talks to its sites.</summary>
public sealed record FederationOptions
{
    /// <summary>How long one site may take for one question, retries included, before its answer is given up.</summary>
    public TimeSpan SiteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts for an idempotent request on connection errors and 5xx answers (1 means no retry).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; doubled for each later one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    internal void Validate()
    {
        if (SiteTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SiteTimeout), SiteTimeout, "must be positive");
        if (MaxAttempts is < 1 or > 10) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be between 1 and 10");
        if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "must not be negative");
    }
}
