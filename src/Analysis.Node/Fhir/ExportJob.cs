namespace Analysis.Node.Fhir;

/// <summary>One bulk export: what was asked, by whom, and how far it has got.</summary>
/// <remarks>Mutable state is written by the one background task and read by pollers; the fields are set in an order
/// (outputs before <see cref="Finished"/>) that lets a poller see either "running" or the complete result.</remarks>
internal sealed class ExportJob(string id, string user, string request, IReadOnlyList<FhirResourceType> types, string directory)
{
    private volatile bool _finished;

    public string Id { get; } = id;
    public string User { get; } = user;

    /// <summary>The kick-off URL, echoed in the manifest.</summary>
    public string Request { get; } = request;

    public IReadOnlyList<FhirResourceType> Types { get; } = types;

    /// <summary>The folder the NDJSON files go to.</summary>
    public string Directory { get; } = directory;

    public DateTimeOffset TransactionTime { get; } = DateTimeOffset.UtcNow;
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>How many of <see cref="Types"/> are written.</summary>
    public int Done { get; set; }

    /// <summary>The written files: type and resource count (a type with no resources gets no file).</summary>
    public List<(FhirResourceType Type, long Count)> Outputs { get; } = [];

    /// <summary>When the export finished (its retention counts from here); null while it runs.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why the export failed, when it did.</summary>
    public string? Error { get; set; }

    public bool Finished
    {
        get => _finished;
        set => _finished = value;
    }

    public string FilePath(FhirResourceType type) => Path.Combine(Directory, $"{type.Name}.ndjson");
}
