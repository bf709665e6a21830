using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;

namespace Analysis.Fhir;

/// <summary>Turns error answers (an <c>OperationOutcome</c> when the server sent one) into <see cref="FhirSourceException"/>s.</summary>
internal static class FhirErrors
{
    public static async Task<FhirSourceException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var url = response.RequestMessage?.RequestUri;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var issues = Issues(ParseOutcome(text));
        if (issues.Count == 0 && text.Trim() is { Length: > 0 and <= 300 } plain) issues = [plain];
        return Create(what, url, response.StatusCode, response.ReasonPhrase, issues);
    }

    public static FhirSourceException FromClient(FhirOperationException e, string what, Uri url) =>
        Create(what, url, e.Status, null, Issues(e.Outcome), e);

    private static FhirSourceException Create(string what, Uri? url, HttpStatusCode status, string? reason, IReadOnlyList<string> issues, Exception? inner = null)
    {
        var because = issues.Count > 0 ? $": {string.Join("; ", issues)}" : "";
        var phrase = reason ?? status.ToString();
        return new FhirSourceException($"{what} {url}: HTTP {(int)status} {phrase}{because}", url, status, issues, inner: inner);
    }

    private static OperationOutcome? ParseOutcome(string text)
    {
        try
        {
            return new FhirJsonDeserializer().Deserialize<Resource>(text) as OperationOutcome;
        }
        catch (Exception e) when (e is DeserializationFailedException or FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static List<string> Issues(OperationOutcome? outcome) =>
        outcome is null ? [] : [.. outcome.Issue.Select(i => i.Diagnostics ?? i.Details?.Text).OfType<string>().Where(t => t.Length > 0)];
}
