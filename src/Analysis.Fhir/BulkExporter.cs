using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Analysis.Fhir;

/// <summary>One run of the Bulk Data flow: kick-off, polling, download, and deleting the job at the server afterwards.</summary>
internal sealed class BulkExporter(Uri baseUrl, HttpClient authorized, HttpClient anonymous, FhirSourceOptions options)
{
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(10);

    public async Task<BulkExport> RunAsync(IReadOnlyList<string> types, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var status = await KickOffAsync(types, cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = await PollAsync(status, clock, progress, cancellationToken).ConfigureAwait(false);
            var resources = new Dictionary<string, List<Resource>>();
            foreach (var output in manifest.Outputs)
            {
                var client = manifest.RequiresAccessToken ? authorized : anonymous;
                var list = resources.TryGetValue(output.Type, out var existing) ? existing : resources[output.Type] = [];
                list.AddRange(await FhirNdjsonParser.DownloadAsync(client, output, cancellationToken).ConfigureAwait(false));
            }
            return new BulkExport(manifest, resources.ToDictionary(r => r.Key, r => (IReadOnlyList<Resource>)r.Value));
        }
        finally
        {
            // Cancelled, failed or done, the server can drop the job and its files: nothing will ask for them again.
            await DeleteAsync(status).ConfigureAwait(false);
        }
    }

    private async Task<Uri> KickOffAsync(IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, types.Count == 0 ? "$export" : $"$export?_type={Uri.EscapeDataString(string.Join(',', types))}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        request.Headers.Add("Prefer", "respond-async");
        using var response = await Send(authorized, request, "$export kick-off", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw await Refused(response, "$export kick-off", cancellationToken).ConfigureAwait(false);
        var location = response.Content.Headers.ContentLocation
            ?? (response.Headers.TryGetValues("Content-Location", out var values) ? new Uri(values.First(), UriKind.RelativeOrAbsolute) : null)
            ?? throw new FhirSourceException($"$export kick-off {url}: the 202 answer has no Content-Location (status URL)", url, response.StatusCode);
        return location.IsAbsoluteUri ? location : new Uri(url, location);
    }

    private async Task<ExportManifest> PollAsync(Uri status, Stopwatch clock, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var backoff = options.PollInitialDelay;
        for (var polls = 1; ; polls++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, status);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await Send(authorized, request, "export status", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var manifest = ExportManifestReader.Read(status, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                progress?.Report(new ExportProgress(status, polls, null, clock.Elapsed, TimeSpan.Zero, Complete: true));
                return manifest;
            }
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw await Refused(response, "export status", cancellationToken).ConfigureAwait(false);
            var wait = RetryAfter(response) is { } asked && asked > backoff ? asked : backoff;
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.PollMaxDelay.Ticks));
            var text = response.Headers.TryGetValues("X-Progress", out var values) ? string.Join(", ", values) : null;
            progress?.Report(new ExportProgress(status, polls, text, clock.Elapsed, wait, Complete: false));
            if (clock.Elapsed + wait > options.MaxExportWait)
                throw new FhirSourceException($"export {status}: not complete after {clock.Elapsed.TotalSeconds:0} s (MaxExportWait {options.MaxExportWait.TotalSeconds:0} s); the job was deleted", status, response.StatusCode);
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    private async Task DeleteAsync(Uri status)
    {
        using var timeout = new CancellationTokenSource(DeleteTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, status);
            using var response = await authorized.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Best effort: the server expires abandoned jobs itself, and the caller already has the real outcome.
        }
    }

    internal static async Task<HttpResponseMessage> Send(HttpClient client, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new FhirSourceException($"{what} {request.RequestUri}: unreachable: {e.Message}", request.RequestUri, inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FhirSourceException($"{what} {request.RequestUri}: no answer within {client.Timeout.TotalSeconds:0} s", request.RequestUri, inner: e);
        }
    }

    internal static Task<FhirSourceException> Refused(HttpResponseMessage response, string what, CancellationToken cancellationToken) =>
        FhirErrors.FromResponseAsync(response, what, cancellationToken);
}

/// <summary>Reads the completion manifest, naming the member that is missing or malformed.</summary>
internal static class ExportManifestReader
{
    public static ExportManifest Read(Uri status, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("expected a JSON object");
            var time = root.TryGetProperty("transactionTime", out var t) && t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : (DateTimeOffset?)null;
            var request = root.TryGetProperty("request", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var token = root.TryGetProperty("requiresAccessToken", out var a) && a.ValueKind == JsonValueKind.True;
            return new ExportManifest(time, request, token, Outputs(status, root, "output", required: true), Outputs(status, root, "error", required: false));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new FhirSourceException($"export manifest {status}: {e.Message}", status, HttpStatusCode.OK, inner: e);
        }
    }

    private static List<ExportOutput> Outputs(Uri status, JsonElement root, string member, bool required)
    {
        if (!root.TryGetProperty(member, out var array))
            return required ? throw new FormatException($"no '{member}' array") : [];
        if (array.ValueKind != JsonValueKind.Array) throw new FormatException($"'{member}' is not an array");
        var list = new List<ExportOutput>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"{member}[{i++}]";
            string Text(string name) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()! : throw new FormatException($"{where}.{name} is missing or not a string");
            var url = Uri.TryCreate(status, Text("url"), out var u) ? u : throw new FormatException($"{where}.url is not a URL");
            long? count = item.TryGetProperty("count", out var c) && c.TryGetInt64(out var n) ? n : null;
            list.Add(new ExportOutput(Text("type"), url, count));
        }
        return list;
    }
}
