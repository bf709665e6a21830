using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Analysis.Fhir;

/// <summary>Downloads one NDJSON export file and parses it line by line, naming the URL and line of anything unreadable.</summary>
internal static class NdjsonFile
{
    public static async Task<List<Resource>> ReadAsync(HttpClient client, ExportOutput output, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, output.Url);
        request.Headers.Accept.ParseAdd("application/fhir+ndjson");
        using var response = await BulkExporter.Send(client, request, "export file", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await BulkExporter.Refused(response, "export file", cancellationToken).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await ParseAsync(reader, output.Url, output.Type, cancellationToken).ConfigureAwait(false);
    }

    // Lines are parsed in parallel batches: parsing is the cost of reading an export, and each line stands alone.
    private const int BatchSize = 2048;

    /// <summary>Parses NDJSON of resources of <paramref name="type"/> (any type when null), in order; blank lines are skipped.</summary>
    public static async Task<List<Resource>> ParseAsync(TextReader reader, Uri source, string? type, CancellationToken cancellationToken)
    {
        var resources = new List<Resource>();
        var batch = new List<(int Number, string Text)>(BatchSize);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            batch.Add((number, line));
            if (batch.Count < BatchSize) continue;
            resources.AddRange(ParseBatch(batch, source, type, cancellationToken));
            batch.Clear();
        }
        resources.AddRange(ParseBatch(batch, source, type, cancellationToken));
        return resources;
    }

    private static Resource[] ParseBatch(List<(int Number, string Text)> lines, Uri source, string? type, CancellationToken cancellationToken)
    {
        var parsed = new Resource[lines.Count];
        try
        {
            Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = cancellationToken }, () => new FhirJsonDeserializer(),
                (i, _, parser) =>
                {
                    parsed[i] = Parse(parser, lines[i].Text, lines[i].Number, source, type);
                    return parser;
                }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is FhirSourceException))
        {
            // Report the first bad line of the batch, as a sequential reader would.
            throw e.InnerExceptions.Cast<FhirSourceException>().MinBy(x => x.Line)!;
        }
        return parsed;
    }

    private static Resource Parse(FhirJsonDeserializer parser, string line, int number, Uri source, string? type)
    {
        Resource resource;
        try
        {
            resource = parser.Deserialize<Resource>(line);
        }
        catch (Exception e) when (e is DeserializationFailedException or FormatException or System.Text.Json.JsonException)
        {
            throw new FhirSourceException($"{source} line {number}: not a FHIR R4 resource: {e.Message}", source, line: number, inner: e);
        }
        return type is not null && resource.TypeName != type
            ? throw new FhirSourceException($"{source} line {number}: a {resource.TypeName} in the {type} file", source, line: number)
            : resource;
    }
}
