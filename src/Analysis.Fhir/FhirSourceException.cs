using System.Net;

namespace Analysis.Fhir;

/// <summary>
/// A FHIR server refused or failed a request, or sent something unreadable. The message says where (URL, and the
/// line for NDJSON) and why (the HTTP status and the <c>OperationOutcome</c>'s issue text when the server sent one).
/// </summary>
public sealed class FhirSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="url">The URL asked.</param>
    /// <param name="status">The HTTP status, when the server answered.</param>
    /// <param name="issues">The issue texts of the server's <c>OperationOutcome</c>, if any.</param>
    /// <param name="line">The 1-based NDJSON line, for a malformed export file.</param>
    /// <param name="inner">The underlying error.</param>
    /// <param name="reason">What was wrong, without the place (default: the message).</param>
    public FhirSourceException(string message, Uri? url = null, HttpStatusCode? status = null, IReadOnlyList<string>? issues = null, int? line = null, Exception? inner = null,
        string? reason = null)
        : base(message, inner)
    {
        Url = url;
        Status = status;
        Issues = issues ?? [];
        Line = line;
        Reason = reason ?? message;
    }

    /// <summary>The URL asked.</summary>
    public Uri? Url { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The diagnostics (or details text) of each issue of the server's <c>OperationOutcome</c>.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>The 1-based line of the NDJSON file that could not be read.</summary>
    public int? Line { get; }

    /// <summary>What was wrong, without the URL and line (for a caller that names the place its own way).</summary>
    public string Reason { get; }
}
