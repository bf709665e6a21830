using Hl7.Fhir.Model;

namespace Analysis.Fhir;

/// <summary>One file of a Bulk Data export manifest.</summary>
/// <param name="Type">The resource type in the file.</param>
/// <param name="Url">Where the NDJSON file is.</param>
/// <param name="Count">The number of resources the server says the file holds, if it said.</param>
public sealed record ExportOutput(string Type, Uri Url, long? Count);

/// <summary>The manifest a Bulk Data status URL answers with when the export is complete.</summary>
/// <param name="TransactionTime">The server's time the export reflects.</param>
/// <param name="Request">The kick-off request URL, as the server recorded it.</param>
/// <param name="RequiresAccessToken">Whether the files need the bearer token (it is only sent when they do).</param>
/// <param name="Outputs">The NDJSON files, one or more per type.</param>
/// <param name="Errors">The files of <c>OperationOutcome</c>s the server reported as errors.</param>
public sealed record ExportManifest(DateTimeOffset? TransactionTime, string? Request, bool RequiresAccessToken, IReadOnlyList<ExportOutput> Outputs, IReadOnlyList<ExportOutput> Errors);

/// <summary>How a running export is doing, reported after every poll of its status URL.</summary>
/// <param name="StatusUrl">The export's status URL (a DELETE there cancels it).</param>
/// <param name="Polls">The number of polls so far.</param>
/// <param name="Progress">The server's <c>X-Progress</c> text, if it sent one.</param>
/// <param name="Elapsed">Time since the kick-off.</param>
/// <param name="NextPollIn">The wait before the next poll; zero once the export is complete.</param>
/// <param name="Complete">True once the manifest has arrived (files are then being downloaded).</param>
public sealed record ExportProgress(Uri StatusUrl, int Polls, string? Progress, TimeSpan Elapsed, TimeSpan NextPollIn, bool Complete)
{
    /// <inheritdoc />
    public override string ToString() => Complete
        ? $"export complete after {Polls} poll(s), {Elapsed.TotalSeconds:0.#} s"
        : $"poll {Polls}: {Progress ?? "in progress"}; next in {NextPollIn.TotalSeconds:0.#} s";
}

/// <summary>The result of a Bulk Data <c>$export</c>: every resource fetched, by type, and the manifest it came from.</summary>
public sealed class BulkExport
{
    internal BulkExport(ExportManifest manifest, IReadOnlyDictionary<string, IReadOnlyList<Resource>> resources)
    {
        Manifest = manifest;
        Resources = resources;
    }

    /// <summary>The manifest the server answered with.</summary>
    public ExportManifest Manifest { get; }

    /// <summary>The resources, by resource type, in file order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> Resources { get; }

    /// <summary>How many resources of each type were read.</summary>
    public IReadOnlyDictionary<string, int> Counts => Resources.ToDictionary(r => r.Key, r => r.Value.Count);

    /// <summary>The resources of type <typeparamref name="TResource"/> (empty when the export had none).</summary>
    public IReadOnlyList<TResource> Of<TResource>() where TResource : Resource =>
        [.. Resources.Values.SelectMany(r => r).OfType<TResource>()];

    /// <summary>Patients, conditions, observations, procedures and medication requests flattened into typed rows.</summary>
    public FhirRows Rows() => FhirFlattener.Flatten(Resources.Values.SelectMany(r => r));

    /// <inheritdoc />
    public override string ToString() => $"BulkExport: {string.Join(", ", Counts.Select(c => $"{c.Value} {c.Key}"))}";
}
