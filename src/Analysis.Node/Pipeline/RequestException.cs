namespace Analysis.Node.Pipeline;

/// <summary>A request the node will not answer; carries the HTTP status and, for bad input, the offending field.</summary>
internal sealed class RequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status to answer with.</param>
    /// <param name="kind">A short machine-readable problem kind (the last segment of the problem type URI).</param>
    /// <param name="title">A short human-readable summary of the problem kind.</param>
    /// <param name="detail">What exactly is wrong.</param>
    /// <param name="field">The JSON path of the offending field, when there is one.</param>
    public RequestException(int status, string kind, string title, string detail, string? field = null) : base(detail)
    {
        Status = status;
        Kind = kind;
        Title = title;
        Field = field;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The problem kind.</summary>
    public string Kind { get; }

    /// <summary>The problem title.</summary>
    public string Title { get; }

    /// <summary>The offending field, e.g. <c>filter.ageMax</c>.</summary>
    public string? Field { get; }

    /// <summary>A 400 naming the field.</summary>
    /// <param name="field">The field's JSON path.</param>
    /// <param name="detail">What is wrong with it.</param>
    /// <returns>The exception.</returns>
    public static RequestException Invalid(string field, string detail) => new(400, "invalid-request", "Invalid request", detail, field);

    /// <summary>A 422 saying why disclosure control refused the query.</summary>
    /// <param name="detail">The reason.</param>
    /// <returns>The exception.</returns>
    public static RequestException Refused(string detail) => new(422, "disclosure-refused", "Refused by disclosure control", detail);
}
