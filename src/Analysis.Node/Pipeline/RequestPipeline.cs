using Analysis.Contracts;
using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace Analysis.Node.Pipeline;

/// <summary>Runs one API request through the same steps: authorise, read the body, parse, answer, and record the outcome for the audit log.</summary>
/// <remarks>What the audit line needs (user, canonical request, reason for a refusal) is left in <see cref="HttpContext.Items"/>
/// under <see cref="AuditUser"/>, <see cref="AuditQuery"/> and <see cref="AuditReason"/>; the server's audit middleware writes
/// the line before the first byte of the answer leaves. Everything, from reading the body to the answer, runs under one
/// <see cref="RequestDeadline"/>.</remarks>
internal sealed class RequestPipeline(Authenticator authenticator, TimeSpan deadline, RequestLimits limits)
{
    public const string AuditUser = "audit.user";
    public const string AuditQuery = "audit.query";
    public const string AuditReason = "audit.reason";

    /// <summary>The site's request limits.</summary>
    public RequestLimits Limits { get; } = limits;

    /// <summary>How long one request may take, from reading it to its answer (the policy's <c>queryTimeoutSeconds</c>).</summary>
    public TimeSpan Deadline => deadline;

    /// <summary>Handles a JSON POST needing <paramref name="scope"/> and answering with <paramref name="answer"/>.</summary>
    public async Task Post<TRequest, TResult>(HttpContext context, string scope, Func<TRequest, TResult> answer, JsonSerializerOptions? options = null)
    {
        using var clock = RequestDeadline.Start(context, deadline);
        IResult result;
        try
        {
            // Authorise first so an oversized body from a known user is audited under that user, but read the body
            // even for a refused token so the audit line shows what was attempted; a bad token still answers 401.
            var denied = TryAuthorize(context, scope);
            string body;
            try
            {
                body = await RequestReader.ReadBodyAsync(context.Request, clock.Token);
            }
            catch (RequestException) when (denied is not null)
            {
                throw denied;
            }
            // Until the body is read into its request, the line holds the body itself (whitespace removed, in full).
            context.Items[AuditQuery] = RequestReader.AuditText(body);
            if (denied is not null) throw denied;
            var (request, canonical) = RequestReader.Read<TRequest>(body, Limits.MaxListLength, options);
            context.Items[AuditQuery] = canonical;
            result = Results.Json(await clock.Run(() => answer(request)), ContractJson.Strict);
        }
        catch (RequestException e)
        {
            result = Problem(context, e);
        }
        catch (OperationCanceledException) when (clock.Expired)
        {
            result = Problem(context, clock.Exceeded());
        }
        await result.ExecuteAsync(context);
    }

    /// <summary>Handles a GET without parameters needing <paramref name="scope"/> (none: an open route); any query parameter is refused.</summary>
    public Task Get<TResult>(HttpContext context, string? scope, Func<TResult> answer, JsonSerializerOptions? options = null) =>
        Get<object?, TResult>(context, scope, query =>
        {
            OnlyParameters(query);
            return null;
        }, _ => answer(), options);

    /// <summary>
    /// Refuses a query parameter the route does not read (400 naming it): an ignored parameter would answer another
    /// question than the one asked (a Beacon filter the node does not know would count everyone), and the audit line
    /// would not show what the client meant.
    /// </summary>
    /// <param name="query">The query string.</param>
    /// <param name="allowed">The parameters the route reads (exact names; none for a route without parameters).</param>
    /// <exception cref="RequestException">400 naming the first unknown parameter.</exception>
    public static void OnlyParameters(IQueryCollection query, params string[] allowed)
    {
        foreach (var key in query.Keys)
            if (!allowed.Contains(key, StringComparer.Ordinal))
                throw RequestException.Invalid(key, allowed.Length == 0
                    ? $"unknown query parameter '{key}': this route takes no parameters"
                    : $"unknown query parameter '{key}': this route takes {string.Join(", ", allowed)}");
    }

    /// <summary>Handles a GET whose query string <paramref name="parse"/> reads into a request, needing <paramref name="scope"/>
    /// (none: an open route); the audit line holds the parsed request, re-serialised with <paramref name="options"/>.</summary>
    public async Task Get<TRequest, TResult>(HttpContext context, string? scope, Func<IQueryCollection, TRequest> parse, Func<TRequest, TResult> answer,
        JsonSerializerOptions? options = null)
    {
        using var clock = RequestDeadline.Start(context, deadline);
        IResult result;
        try
        {
            if (scope is not null) Authorize(context, scope);
            // The query collection merges keys case-insensitively, so this also refuses ?start=1&START=2.
            foreach (var (key, values) in context.Request.Query)
                if (values.Count > 1) throw RequestException.Invalid(key, $"the parameter '{key}' is given {values.Count} times; each parameter may be given once");
            var request = parse(context.Request.Query);
            if (request is not null)
            {
                // Read back through the body's checks, so a GET meets the same list cap and deduplication as a POST.
                var parsed = JsonSerializer.Serialize(request, (options ?? ContractJson.Strict).GetTypeInfo(typeof(TRequest)));
                context.Items[AuditQuery] = parsed;
                (request, var canonical) = RequestReader.Read<TRequest>(parsed, Limits.MaxListLength, options);
                context.Items[AuditQuery] = canonical;
            }
            result = Results.Json(await clock.Run(() => answer(request)), options ?? ContractJson.Strict);
        }
        catch (RequestException e)
        {
            result = Problem(context, e);
        }
        catch (OperationCanceledException) when (clock.Expired)
        {
            result = Problem(context, clock.Exceeded());
        }
        await result.ExecuteAsync(context);
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
