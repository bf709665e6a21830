using Microsoft.AspNetCore.Http;
using System.Diagnostics;
using System.Text.Json;
using Analysis.Node.Configuration;
using Analysis.Node.Query;

namespace Analysis.Node.Http;

/// <summary>Runs one API request through the same steps: authorise, read the body, parse, answer, and record the outcome for the audit log.</summary>
internal sealed class NodeApi
{
    internal const string AuditUser = "audit.user";
    internal const string AuditQuery = "audit.query";
    internal const string AuditReason = "audit.reason";
    private const int MaxAuditedQueryChars = 4096;

    private readonly Authenticator _authenticator;

    public NodeApi(Authenticator authenticator) => _authenticator = authenticator;

    /// <summary>Handles a JSON POST needing <paramref name="scope"/> and answering with <paramref name="answer"/>.</summary>
    public async Task Post<TRequest, TResult>(HttpContext context, string scope, Func<TRequest, TResult> answer, JsonSerializerOptions? options = null) =>
        await (await Answer(context, scope, answer, options)).ExecuteAsync(context);

    private async Task<IResult> Answer<TRequest, TResult>(HttpContext context, string scope, Func<TRequest, TResult> answer, JsonSerializerOptions? options)
    {
        try
        {
            // Authorise first so an oversized body from a known user is audited under that user, but read the body
            // even for a refused token so the audit line shows what was attempted; a bad token still answers 401.
            var denied = TryAuthorize(context, scope);
            string body;
            try
            {
                body = await RequestReader.ReadBodyAsync(context.Request);
            }
            catch (RequestException) when (denied is not null)
            {
                throw denied;
            }
            context.Items[AuditQuery] = body.Length <= MaxAuditedQueryChars ? body : body[..MaxAuditedQueryChars] + $"...[{body.Length} chars]";
            if (denied is not null) throw denied;
            var request = RequestReader.Parse<TRequest>(body, options);
            return Results.Json(answer(request), RequestReader.Options);
        }
        catch (RequestException e)
        {
            return Problem(context, e);
        }
    }

    /// <summary>Handles a GET needing <paramref name="scope"/>.</summary>
    public Task Get<TResult>(HttpContext context, string scope, Func<TResult> answer)
    {
        IResult result;
        try
        {
            context.Items[AuditQuery] = context.Request.QueryString.Value;
            Authorize(context, scope);
            result = Results.Json(answer(), RequestReader.Options);
        }
        catch (RequestException e)
        {
            result = Problem(context, e);
        }
        return result.ExecuteAsync(context);
    }

    private RequestException? TryAuthorize(HttpContext context, string scope)
    {
        try
        {
            Authorize(context, scope);
            return null;
        }
        catch (RequestException e)
        {
            return e;
        }
    }

    internal void Authorize(HttpContext context, string scope)
    {
        var grant = _authenticator.Authorize(context.Request.Headers.Authorization.FirstOrDefault(), scope);
        context.Items[AuditUser] = grant.User;
    }

    internal static IResult Problem(HttpContext context, RequestException e)
    {
        context.Items[AuditReason] = e.Message;
        var extensions = new Dictionary<string, object?>();
        if (e.Field is not null)
        {
            extensions["field"] = e.Field;
            extensions["errors"] = new Dictionary<string, string[]> { [e.Field] = [e.Message] };
        }
        return Results.Problem(e.Message, statusCode: e.Status, title: e.Title, type: $"https://analysis.example/problems/{e.Kind}", extensions: extensions);
    }

    /// <summary>Middleware that writes one audit line per request, whatever its outcome.</summary>
    public static RequestDelegate Audit(AuditLog log, RequestDelegate next) => async context =>
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
            await Problem(context, new RequestException(500, "internal-error", "Internal error", "the node failed to answer; the operator has the details"))
                .ExecuteAsync(context);
        }
        finally
        {
            context.Response.Body = original;
            var status = context.Response.StatusCode;
            log.Write(new AuditEntry(DateTimeOffset.UtcNow, context.Items[AuditUser] as string ?? "anonymous",
                $"{context.Request.Method} {context.Request.Path}", context.Items[AuditQuery] as string, status < 400, status,
                context.Items[AuditReason] as string, counting.Written, clock.Elapsed.TotalMilliseconds));
        }
    };
}
