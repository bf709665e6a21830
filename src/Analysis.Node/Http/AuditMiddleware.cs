using System.Diagnostics;
using Analysis.Node.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Http;

/// <summary>Writes one audit line per request, whatever its outcome, from what the request pipeline left in the context.</summary>
internal static class AuditMiddleware
{
    /// <summary>The middleware around <paramref name="next"/>.</summary>
    public static RequestDelegate Create(AuditLog log, RequestDelegate next) => async context =>
    {
        var clock = Stopwatch.StartNew();
        var original = context.Response.Body;
        var counting = new CountingStream(original);
        context.Response.Body = counting;
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // An unexpected failure still gets an audit line and a problem body; the detail goes to the operator only.
            Console.Error.WriteLine($"error: {context.Request.Method} {context.Request.Path}: {e}");
            await RequestPipeline.Problem(context, new RequestException(500, "internal-error", "Internal error", "the node failed to answer; the operator has the details"))
                .ExecuteAsync(context);
        }
        finally
        {
            context.Response.Body = original;
            var status = context.Response.StatusCode;
            log.Write(new AuditEntry(DateTimeOffset.UtcNow, context.Items[RequestPipeline.AuditUser] as string ?? "anonymous",
                $"{context.Request.Method} {context.Request.Path}", context.Items[RequestPipeline.AuditQuery] as string, status < 400, status,
                context.Items[RequestPipeline.AuditReason] as string, counting.Written, clock.Elapsed.TotalMilliseconds));
        }
    };
}
