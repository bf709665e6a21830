using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analysis.Kernel.Protocol;

/// <summary>A request whose content has a field of the wrong type; the message names the field.</summary>
public sealed class InvalidRequestException(string message) : Exception(message);

/// <summary>
/// Typed reads of request content fields. A missing field takes its default (the protocol
/// makes most optional); a field of the wrong type is an <see cref="InvalidRequestException"/>
/// naming the message type, the field and what arrived, which the kernel sends back as the
/// reply's error.
/// </summary>
public static class RequestContent
{
    /// <summary>A string field, or <paramref name="fallback"/> when absent or null.</summary>
    public static string String(JupyterMessage request, string field, string fallback = "") =>
        Read(request, field, fallback, JsonValueKind.String, v => v.GetValue<string>());

    /// <summary>An integer field, or <paramref name="fallback"/> when absent or null.</summary>
    public static int Integer(JupyterMessage request, string field, int fallback) =>
        Read(request, field, fallback, JsonValueKind.Number, v => v.AsValue().TryGetValue(out int i) ? i
            : throw Invalid(request, field, "an integer", v));

    /// <summary>A boolean field, or <paramref name="fallback"/> when absent or null.</summary>
    public static bool Boolean(JupyterMessage request, string field, bool fallback)
    {
        var node = request.Content[field];
        if (node is null) return fallback;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(request, field, "true or false", node),
        };
    }

    private static T Read<T>(JupyterMessage request, string field, T fallback, JsonValueKind kind, Func<JsonNode, T> read)
    {
        var node = request.Content[field];
        if (node is null) return fallback;
        if (node.GetValueKind() != kind) throw Invalid(request, field, kind == JsonValueKind.String ? "a string" : "a number", node);
        return read(node);
    }

    private static InvalidRequestException Invalid(JupyterMessage request, string field, string expected, JsonNode got)
    {
        var shown = got.ToJsonString();
        if (shown.Length > 40) shown = shown[..40] + "…";
        return new InvalidRequestException($"{request.MessageType}: content.{field} must be {expected}, got {got.GetValueKind().ToString().ToLowerInvariant()} {shown}");
    }
}
