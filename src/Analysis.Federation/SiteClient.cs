using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analysis.Federation;

/// <summary>A site's answer: the JSON body, or why there is none.</summary>
internal readonly record struct SiteReply(JsonElement Body, string? Failure);

/// <summary>Sends one site its requests, with the per-site timeout and bounded retries the federation promises.</summary>
internal sealed class SiteClient(Site site, HttpClient http, FederationOptions options)
{
    public Site Site { get; } = site;

    /// <summary>POSTs a read-only query; the node answers queries without side effects, so retrying is safe.</summary>
    public Task<SiteReply> QueryAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(Site.Url, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        }, cancellationToken);

    /// <summary>Asks the node to describe itself; an HTTP error answer still proves the node is up.</summary>
    public async Task<SiteStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var reply = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(Site.Url, "api/v1/info")), cancellationToken, attempts: 1).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        if (reply.Failure is { } failure)
        {
            var answered = !failure.StartsWith("unreachable", StringComparison.Ordinal) && !failure.StartsWith("timed out", StringComparison.Ordinal);
            return new SiteStatus(Site.Name, answered, elapsed, failure);
        }
        try
        {
            return new SiteStatus(Site.Name, true, elapsed, null, SiteInfo.Read(reply.Body));
        }
        catch (Exception e) when (e is UnexpectedAnswerException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return new SiteStatus(Site.Name, true, elapsed, $"unexpected answer: {e.Message}");
        }
    }

    private async Task<SiteReply> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken, int? attempts = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SiteTimeout);
        var maxAttempts = attempts ?? options.MaxAttempts;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var retry = attempt < maxAttempts;
                try
                {
                    using var message = request();
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Site.Token);
                    using var response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    if ((int)response.StatusCode >= 500 && retry)
                    {
                        await Backoff(attempt, timeout.Token).ConfigureAwait(false);
                        continue;
                    }
                    return response.IsSuccessStatusCode ? Parse(text) : new SiteReply(default, Problem(response.StatusCode, text));
                }
                catch (HttpRequestException e)
                {
                    // Past the deadline the back-off below throws, which reports the timeout rather than this error.
                    if (!retry) return new SiteReply(default, $"unreachable: {e.Message}");
                    await Backoff(attempt, timeout.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SiteReply(default, $"timed out after {options.SiteTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
    }

    private Task Backoff(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(options.RetryDelay * Math.Pow(2, attempt - 1), cancellationToken);

    private static SiteReply Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return new SiteReply(document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return new SiteReply(default, "the answer is not JSON");
        }
    }

    /// <summary>Turns an error answer (problem+json when the node sent it) into a one-line reason.</summary>
    private static string Problem(HttpStatusCode status, string text)
    {
        string? detail = null, field = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                detail = String(root, "detail") ?? String(root, "title");
                field = String(root, "field");
            }
        }
        catch (JsonException)
        {
        }
        detail ??= text.Length is > 0 and <= 200 ? text.Trim() : status.ToString();
        var where = field is null ? "" : $" (field {field})";
        return status switch
        {
            HttpStatusCode.UnprocessableEntity => $"refused: {detail}{where}",
            HttpStatusCode.Unauthorized => $"unauthorized: {detail}",
            HttpStatusCode.Forbidden => $"forbidden: {detail}",
            _ => $"HTTP {(int)status}: {detail}{where}",
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
