using Analysis.Node.Configuration;
using Analysis.Node.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Fhir;

/// <summary>Runs one FHIR request: the <c>records</c> scope, an open dataset, then the answer; any refusal becomes an OperationOutcome.</summary>
internal sealed class FhirApi(RequestPipeline api, bool open)
{
    public Task Handle(HttpContext context, Func<IResult> answer)
    {
        IResult result;
        try
        {
            context.Items[RequestPipeline.AuditQuery] = context.Request.QueryString.Value;
            api.Authorize(context, Scopes.Records);
            if (!open) throw new RequestException(403, "forbidden", "Forbidden", "this dataset is not open; FHIR access to records is not served");
            result = answer();
        }
        catch (RequestException e)
        {
            result = Refuse(context, e);
        }
        return result.ExecuteAsync(context);
    }

    /// <summary>Records the reason for the audit log and answers with an OperationOutcome.</summary>
    private static IResult Refuse(HttpContext context, RequestException e)
    {
        context.Items[RequestPipeline.AuditReason] = e.Message;
        return FhirResults.Outcome(e);
    }

    /// <summary>The user the request was authorised for (set by <see cref="Handle"/>).</summary>
    public static string User(HttpContext context) => context.Items[RequestPipeline.AuditUser] as string ?? "";

    /// <summary>The absolute FHIR base URL of this request, e.g. <c>http://127.0.0.1:5080/fhir/</c>.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir/";
}
