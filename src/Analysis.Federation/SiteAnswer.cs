namespace Analysis.Federation;

/// <summary>One site's answer to a federated question: its value, or why it gave none.</summary>
/// <typeparam name="T">What the site's answer was read into.</typeparam>
/// <param name="Site">The site's name.</param>
/// <param name="Value">The answer; default when the site failed.</param>
/// <param name="Failure">Why the site gave no answer (down, timed out, refused, error, unreadable answer); null when it answered.</param>
public sealed record SiteAnswer<T>(string Site, T? Value, string? Failure)
{
    /// <summary>The site answered.</summary>
    public bool Answered => Failure is null;

    /// <inheritdoc />
    public override string ToString() => Failure is null ? $"{Site}: {Value}" : $"{Site}: failed ({Failure})";
}
