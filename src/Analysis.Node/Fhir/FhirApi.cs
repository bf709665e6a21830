using Analysis.Node.Configuration;
using Analysis.Node.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Fhir;

/// <summary>
/// Runs one FHIR request: the <c>records</c> scope, an open dataset, then the answer, all under the request's one
/// deadline (the policy's <c>queryTimeoutSeconds</c>, as every other route); any refusal becomes an OperationOutcome.
/// </summary>
internal sealed class FhirApi(RequestPipeline api, bool open)
{
    /// <summary>Answers the request, or refuses it with an OperationOutcome (503 once the deadline passes).</summary>
    /// <param name="context">The request.</param>
    /// <param name="answer">Computes the answer; it runs on a worker that sees the deadline, and is waited for until then.</param>
    public async Task Handle(HttpContext context, Func<IResult> answer)
    {
        using var clock = RequestDeadline.Start(context, api.Deadline);
        IResult result;
        try
        {
            api.Authorize(context, Scopes.Records);
            if (!open) throw new RequestException(403, "forbidden", "Forbidden", "this dataset is not open; FHIR access to records is not served");
            result = await clock.Run(answer);
        }
        catch (RequestException e)
        {
            result = Refuse(context, e);
        }
        catch (OperationCanceledException) when (clock.Expired)
        {
            result = Refuse(context, clock.Exceeded());
        }
        // Executed after the deadline: an export file is streamed whatever its size, as a download should be.
        await result.ExecuteAsync(context);
    }

    /// <summary>Records the reason for the audit log and answers with an OperationOutcome.</summary>
    private static IResult Refuse(HttpContext context, RequestException e)
    {
        context.Items[RequestPipeline.AuditReason] = e.Message;
        return FhirResults.Outcome(e);
    }

    /// <summary>The user the request was authorised for (set by <see cref="Handle"/>).</summary>
    public static string User(HttpContext context) => context.Items[RequestPipeline.AuditUser] as string ?? "";

    /// <summary>The absolute FHIR base URL, e.g. <c>http://127.0.0.1:5080/fhir/</c>: the configured public address or the
    /// listening one, never the request's Host header (a client could otherwise plant its own host in manifest links).</summary>
    public static string BaseUrl(HttpRequest request) => $"{Http.PublicAddress.Of(request.HttpContext)}fhir/";
}
