namespace Analysis.Kernel.Display;

/// <summary>MIME types the display pipeline knows by name; any other string works too.</summary>
public static class MimeTypes
{
    /// <summary><c>text/plain</c>: every bundle has one.</summary>
    public const string PlainText = "text/plain";
    /// <summary><c>text/html</c>.</summary>
    public const string Html = "text/html";
    /// <summary><c>text/markdown</c>.</summary>
    public const string Markdown = "text/markdown";
    /// <summary><c>application/json</c>: the value is sent as JSON, not as a string.</summary>
    public const string Json = "application/json";
    /// <summary><c>image/png</c>: base64 text.</summary>
    public const string Png = "image/png";
    /// <summary><c>image/svg+xml</c>.</summary>
    public const string Svg = "image/svg+xml";

    /// <summary>True for MIME types whose value is a JSON document rather than a string.</summary>
    public static bool IsJson(string mimeType) =>
        mimeType == Json || (mimeType.StartsWith("application/", StringComparison.Ordinal) && mimeType.EndsWith("+json", StringComparison.Ordinal));
}
