namespace Analysis.Fhir;

/// <summary>How a <see cref="FhirSource"/> pages searches, times requests and waits for Bulk Data exports.</summary>
public sealed record FhirSourceOptions
{
    /// <summary>The <c>_count</c> sent with a search that sets none itself (50).</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The time one HTTP request may take until its answer starts (100 s); a download may take longer once it has started.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The first wait between two polls of an export's status (1 s); it doubles after each poll up to <see cref="PollMaxDelay"/>.</summary>
    public TimeSpan PollInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two polls (30 s), unless the server's <c>Retry-After</c> asks for more.</summary>
    public TimeSpan PollMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an export may run before it is given up and deleted at the server (1 h).</summary>
    public TimeSpan MaxExportWait { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Checks every option is usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (PageSize is < 1 or > 10_000) throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "PageSize must be 1 to 10,000");
        Positive(Timeout, nameof(Timeout));
        Positive(PollInitialDelay, nameof(PollInitialDelay));
        Positive(PollMaxDelay, nameof(PollMaxDelay));
        Positive(MaxExportWait, nameof(MaxExportWait));
        if (PollMaxDelay < PollInitialDelay)
            throw new ArgumentOutOfRangeException(nameof(PollMaxDelay), PollMaxDelay, "PollMaxDelay must not be shorter than PollInitialDelay");
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
    }
}
