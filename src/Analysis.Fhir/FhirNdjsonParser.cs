using System.Text;
using System.Text.Json;
using Analysis.Contracts;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Analysis.Fhir;

/// <summary>
/// Parses the lines of a FHIR NDJSON file (read by <see cref="NdjsonReader"/>) into resources, naming the file and
/// line of anything unreadable: the one FHIR NDJSON parser, for exports, files on disk and the site node's ingest.
/// </summary>
internal static class FhirNdjsonParser
{
    // Lines are parsed in parallel batches: parsing is the cost of reading an export, and each line stands alone.
    private const int BatchSize = 2048;

    /// <summary>Downloads one export file and parses it.</summary>
    public static async Task<List<Resource>> DownloadAsync(HttpClient client, ExportOutput output, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, output.Url);
        request.Headers.Accept.ParseAdd("application/fhir+ndjson");
        using var response = await BulkExporter.Send(client, request, "export file", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await BulkExporter.Refused(response, "export file", cancellationToken).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var resources = new List<Resource>();
        var batch = new List<NdjsonLine>(BatchSize);
        var filter = new FhirLineFilter(output.Url, output.Type, null);
        await foreach (var line in NdjsonReader.ReadLinesAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(line);
            if (batch.Count < BatchSize) continue;
            resources.AddRange(ParseBatch(batch, filter, cancellationToken).Select(l => l.Resource));
            batch.Clear();
        }
        resources.AddRange(ParseBatch(batch, filter, cancellationToken).Select(l => l.Resource));
        return resources;
    }

    /// <summary>Parses <paramref name="lines"/> in order, a batch at a time.</summary>
    public static IEnumerable<FhirLine> Parse(IEnumerable<NdjsonLine> lines, FhirLineFilter filter, CancellationToken cancellationToken)
    {
        var batch = new List<NdjsonLine>(BatchSize);
        foreach (var line in lines)
        {
            batch.Add(line);
            if (batch.Count < BatchSize) continue;
            foreach (var parsed in ParseBatch(batch, filter, cancellationToken)) yield return parsed;
            batch.Clear();
        }
        foreach (var parsed in ParseBatch(batch, filter, cancellationToken)) yield return parsed;
    }

    private static IEnumerable<FhirLine> ParseBatch(List<NdjsonLine> lines, FhirLineFilter filter, CancellationToken cancellationToken)
    {
        var parsed = new FhirLine?[lines.Count];
        try
        {
            Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = cancellationToken }, () => new FhirJsonDeserializer(),
                (i, _, parser) =>
                {
                    parsed[i] = Parse(parser, lines[i], filter);
                    return parser;
                }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is FhirSourceException))
        {
            // Report the first bad line of the batch, as a sequential reader would.
            throw e.InnerExceptions.Cast<FhirSourceException>().MinBy(x => x.Line)!;
        }
        return parsed.OfType<FhirLine>();
    }

    private static FhirLine? Parse(FhirJsonDeserializer parser, NdjsonLine line, FhirLineFilter filter)
    {
        // A type the caller does not read is skipped before the costly parse (and so is not validated either); a line
        // whose type cannot be seen is parsed, so its error is the parser's.
        if (filter.Only is { } only && PeekResourceType(line.Text) is { } seen && !only.Contains(seen)) return null;
        Resource resource;
        try
        {
            resource = parser.Deserialize<Resource>(line.Text);
        }
        catch (Exception e) when (e is DeserializationFailedException or FormatException or JsonException)
        {
            throw filter.Error(line.Number, $"not a FHIR R4 resource: {e.Message}", e);
        }
        if (filter.Type is { } type && resource.TypeName != type) throw filter.Error(line.Number, $"a {resource.TypeName} in the {type} file");
        return filter.Only is { } wanted && !wanted.Contains(resource.TypeName) ? null : new FhirLine(line.Number, line.Text, resource);
    }

    /// <summary>The top-level <c>resourceType</c> of a line, or null when the line is not a JSON object that has one.</summary>
    private static string? PeekResourceType(string text)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("resourceType"u8);
                if (!reader.Read()) return null;
                if (isType) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                // Skip needs the whole value in the buffer, which it is: the reader was given the whole line.
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}

/// <summary>Which resources of a file are read, and how its errors name it.</summary>
/// <param name="Source">The file or URL, for messages.</param>
/// <param name="Type">Every line must be a resource of this type (null: any type).</param>
/// <param name="Only">Lines of other types are skipped unparsed (null: none skipped).</param>
internal sealed record FhirLineFilter(Uri Source, string? Type, IReadOnlySet<string>? Only)
{
    public FhirSourceException Error(int line, string reason, Exception? inner = null) =>
        new($"{Source} line {line}: {reason}", Source, line: line, inner: inner, reason: reason);
}
