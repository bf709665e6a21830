using System.Text.Json;
using Analysis.Node.Ingest;
using Analysis.Node.Query;

namespace Analysis.Node.Fhir;

/// <summary>Reads resources' original JSON from the raw tables.</summary>
internal sealed class FhirStore(QueryExecutor executor, SiteDatabase database)
{
    private const string Resource = TableSpec.ResourceColumn;

    /// <summary>The resource's JSON, or a 404 naming it.</summary>
    public string Read(FhirResourceType type, string id)
    {
        var rows = executor.Rows($"SELECT {Resource} FROM {type.Table.Name} WHERE id = $id LIMIT 1", [new("id", id)]);
        return rows is [[string json, ..], ..] ? json : throw FhirResults.NotFound($"{type.Name}/{id} is not on this node");
    }

    /// <summary>The total number of matches and the page's (id, JSON) pairs, in id order so pages are stable.</summary>
    public (long Total, List<(string Id, string Json)> Page) Search(FhirSearch search, CancellationToken cancellation)
    {
        var table = search.Type.Table.Name;
        var total = executor.Scalar($"SELECT count(*) FROM {table} WHERE {search.Where}", search.Parameters);
        var rows = search.Count == 0 ? [] : executor.Rows(
            $"SELECT id, {Resource} FROM {table} WHERE {search.Where} ORDER BY id LIMIT {search.Count} OFFSET {search.Offset}",
            search.Parameters, cancellation);
        return (total, rows.Select(r => ((string)r[0]!, (string)r[1]!)).ToList());
    }

    /// <summary>Streams every resource of a type, one JSON per line, into <paramref name="output"/>; returns how many.</summary>
    /// <remarks>Read with a reader rather than <see cref="QueryExecutor"/> so a large table is never held in memory, and
    /// without its timeout because an export is a background job the client can cancel.</remarks>
    public long Export(FhirResourceType type, TextWriter output, CancellationToken cancellation)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Resource} FROM {type.Table.Name} ORDER BY id";
        using var registration = cancellation.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        long count = 0;
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            output.Write(reader.GetString(0));
            output.Write('\n');
            count++;
        }
        return count;
    }

    /// <summary>A searchset Bundle for one page, with absolute self/next/previous links.</summary>
    public static string Bundle(FhirSearch search, long total, List<(string Id, string Json)> page, string baseUrl) => FhirResults.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Bundle");
        w.WriteString("type", "searchset");
        w.WriteNumber("total", total);
        w.WriteStartArray("link");
        Link(w, "self", search.PageUrl(baseUrl, search.Offset));
        if (search.Count > 0 && search.Offset + search.Count < total) Link(w, "next", search.PageUrl(baseUrl, search.Offset + search.Count));
        if (search.Offset > 0) Link(w, "previous", search.PageUrl(baseUrl, Math.Max(0, search.Offset - Math.Max(search.Count, 1))));
        w.WriteEndArray();
        w.WriteStartArray("entry");
        foreach (var (id, json) in page)
        {
            w.WriteStartObject();
            w.WriteString("fullUrl", $"{baseUrl}{search.Type.Name}/{id}");
            w.WritePropertyName("resource");
            w.WriteRawValue(json, skipInputValidation: true);
            w.WriteStartObject("search");
            w.WriteString("mode", "match");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Link(Utf8JsonWriter w, string relation, string url)
    {
        w.WriteStartObject();
        w.WriteString("relation", relation);
        w.WriteString("url", url);
        w.WriteEndObject();
    }
}
