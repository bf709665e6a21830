using Analysis.Contracts;
using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace Analysis.Node.Pipeline;

/// <summary>Runs one API request through the same steps: authorise, read the body, parse, answer, and record the outcome for the audit log.</summary>
/// <remarks>What the audit line needs (user, query, reason for a refusal) is left in <see cref="HttpContext.Items"/> under
/// <see cref="AuditUser"/>, <see cref="AuditQuery"/> and <see cref="AuditReason"/>; the server's audit middleware writes it.</remarks>
internal sealed class RequestPipeline(Authenticator authenticator)
{
    public const string AuditUser = "audit.user";
    public const string AuditQuery = "audit.query";
    public const string AuditReason = "audit.reason";
    private const int MaxAuditedQueryChars = 4096;

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
            return Results.Json(answer(request), ContractJson.Strict);
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
            result = Results.Json(answer(), ContractJson.Strict);
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

    public void Authorize(HttpContext context, string scope)
    {
        var grant = authenticator.Authorize(context.Request.Headers.Authorization.FirstOrDefault(), scope);
        context.Items[AuditUser] = grant.User;
    }

    /// <summary>Records the refusal's reason for the audit log and answers with problem details naming the field.</summary>
    public static IResult Problem(HttpContext context, RequestException e)
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
}
