using System.Diagnostics;
using System.Text.Json;
using Analysis.Node.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Http;

/// <summary>Writes one audit line per request, whatever its outcome, from what the request pipeline left in the context,
/// and writes it (flushed) before the first byte of the answer leaves.</summary>
internal static class AuditMiddleware
{
    /// <summary>The middleware around <paramref name="next"/>.</summary>
    /// <param name="log">The audit log.</param>
    /// <param name="identify">The user of a known token whatever the route's scope, for lines of requests refused before
    /// the pipeline saw them (rate limit, unknown route).</param>
    /// <param name="next">The rest of the server.</param>
    public static RequestDelegate Create(AuditLog log, Func<string?, string?> identify, RequestDelegate next) => async context =>
    {
        var clock = Stopwatch.StartNew();
        var original = context.Response.Body;
        var audited = 0;
        Task Audit(long? size, CancellationToken _)
        {
            if (Interlocked.Exchange(ref audited, 1) == 1) return Task.CompletedTask;
            var status = context.Response.StatusCode;
            log.Write(new AuditEntry(DateTimeOffset.UtcNow,
                context.Items[RequestPipeline.AuditUser] as string ?? identify(context.Request.Headers.Authorization.FirstOrDefault()) ?? "anonymous",
                $"{context.Request.Method} {context.Request.Path}", context.Items[RequestPipeline.AuditQuery] as string ?? ParsedQuery(context.Request.Query),
                status < 400, status, context.Items[RequestPipeline.AuditReason] as string, size ?? context.Response.ContentLength, clock.Elapsed.TotalMilliseconds));
            return Task.CompletedTask;
        }
        var body = new AuditedResponseBody(original, Audit);
        context.Response.Body = body;
        // Whatever starts the response (headers going out without a body, a handler starting it itself), the line comes first.
        context.Response.OnStarting(() => Audit(body.Released ? null : body.Written, default));
        try
        {
            await next(context);
        }
        catch (Exception e) when (!body.Released && !context.Response.HasStarted)
        {
            // An unexpected failure still gets an audit line and a problem body; the detail goes to the operator only.
            Console.Error.WriteLine($"error: {context.Request.Method} {context.Request.Path}: {e}");
            body.Discard();
            context.Response.Clear();
            await RequestPipeline.Problem(context, new RequestException(500, "internal-error", "Internal error", "the node failed to answer; the operator has the details"))
                .ExecuteAsync(context);
        }
        finally
        {
            try
            {
                await body.ReleaseAsync(complete: true, context.RequestAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client went away; the line is written all the same (ReleaseAsync audits before it sends).
            }
            await Audit(body.Written, default);
            context.Response.Body = original;
        }
    };

    /// <summary>The query string as parsed (every key with its values), for requests the pipeline did not read into a request.</summary>
    private static string? ParsedQuery(IQueryCollection query) =>
        query.Count == 0 ? null : JsonSerializer.Serialize(query.ToDictionary(q => q.Key, q => q.Value.ToArray()), AuditLog.JsonOptions);
}
