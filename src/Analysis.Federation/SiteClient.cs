using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Analysis.Contracts;

namespace Analysis.Federation;

/// <summary>A site's answer: the body's text, or why there is none.</summary>
internal readonly record struct SiteReply(string? Text, string? Failure);

/// <summary>Sends one site its requests, with the per-site timeout and bounded retries the federation promises.</summary>
internal sealed class SiteClient(Site site, HttpClient http, FederationOptions options)
{
    public Site Site { get; } = site;

    /// <summary>
    /// POSTs a read-only question and reads the answer. A site that fails, or whose answer does not read as
    /// <typeparamref name="TResult"/> or makes no sense, gives a failed answer naming the reason.
    /// </summary>
    /// <remarks>The node answers questions without side effects, so retrying is safe.</remarks>
    public async Task<SiteAnswer<TResult>> AskAsync<TRequest, TResult>(NodeEndpoint<TRequest, TResult> endpoint, TRequest request, CancellationToken cancellationToken)
        where TResult : class
    {
        var body = JsonSerializer.Serialize(request, endpoint.Request);
        var reply = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(Site.Url, endpoint.Path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, cancellationToken).ConfigureAwait(false);
        return Read(reply, endpoint.Result, endpoint.Problem);
    }

    private DisclosurePolicy? policy;

    /// <summary>
    /// The site's disclosure policy, asked once (GET /api/v1/info) and kept; null when the node does not say (it is down, or
    /// the token may not read /info). Results use it to say whether they are exact.
    /// </summary>
    public async Task<DisclosurePolicy?> PolicyAsync(CancellationToken cancellationToken)
    {
        if (policy is { } known) return known;
        var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
        return status.Info?.Policy;
    }

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
        var info = Read(reply, ClientJson.Answers.NodeInfo, null);
        if (info.Value?.Policy is { } reported) policy = reported;
        return new SiteStatus(Site.Name, true, elapsed, info.Failure, info.Value);
    }

    private SiteAnswer<T> Read<T>(SiteReply reply, JsonTypeInfo<T> type, Func<T, string?>? problem) where T : class
    {
        if (reply.Failure is { } failure) return new SiteAnswer<T>(Site.Name, null, failure);
        try
        {
            var value = JsonSerializer.Deserialize(reply.Text!, type);
            var wrong = value is null ? "the answer is empty (null)" : problem?.Invoke(value);
            return wrong is null ? new SiteAnswer<T>(Site.Name, value, null) : new SiteAnswer<T>(Site.Name, null, $"unexpected answer: {wrong}");
        }
        catch (JsonException e)
        {
            return new SiteAnswer<T>(Site.Name, null, $"unexpected answer: {ClientJson.Describe(e)}");
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
                    return response.IsSuccessStatusCode ? new SiteReply(text, null) : new SiteReply(null, Problem(response.StatusCode, text));
                }
                catch (HttpRequestException e)
                {
                    // Past the deadline the back-off below throws, which reports the timeout rather than this error.
                    if (!retry) return new SiteReply(null, $"unreachable: {e.Message}");
                    await Backoff(attempt, timeout.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SiteReply(null, $"timed out after {options.SiteTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
    }

    private Task Backoff(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(options.RetryDelay * Math.Pow(2, attempt - 1), cancellationToken);

    /// <summary>Turns an error answer (problem+json when the node sent it) into a one-line reason.</summary>
    private static string Problem(HttpStatusCode status, string text)
    {
        var problem = ClientJson.Problem(text);
        var detail = problem?.Detail ?? problem?.Title ?? (text.Length is > 0 and <= 200 ? text.Trim() : status.ToString());
        var where = problem?.Field is { } field ? $" (field {field})" : "";
        return status switch
        {
            HttpStatusCode.UnprocessableEntity => $"refused: {detail}{where}",
            HttpStatusCode.Unauthorized => $"unauthorized: {detail}",
            HttpStatusCode.Forbidden => $"forbidden: {detail}",
            _ => $"HTTP {(int)status}: {detail}{where}",
        };
    }
}
