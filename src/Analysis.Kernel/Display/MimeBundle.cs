using System.Text.Json.Nodes;

namespace Analysis.Kernel.Display;

/// <summary>
/// One displayable value in several representations, keyed by MIME type, as Jupyter's
/// <c>data</c> field carries it. The front end picks the richest it can show.
/// </summary>
public sealed class MimeBundle
{
    private readonly Dictionary<string, JsonNode> _data = new(StringComparer.Ordinal);

    /// <summary>Representations by MIME type.</summary>
    public IReadOnlyDictionary<string, JsonNode> Data => _data;

    /// <summary>Per-MIME-type metadata (e.g. image width); empty by default.</summary>
    public JsonObject Metadata { get; } = new();

    /// <summary>Adds or replaces a text representation.</summary>
    public MimeBundle With(string mimeType, string text)
    {
        _data[mimeType] = JsonValue.Create(text);
        return this;
    }

    /// <summary>Adds or replaces a JSON representation.</summary>
    public MimeBundle With(string mimeType, JsonNode json)
    {
        _data[mimeType] = json;
        return this;
    }

    /// <summary>The text/plain representation, or null.</summary>
    public string? PlainText => _data.TryGetValue(MimeTypes.PlainText, out var v) ? v.GetValue<string>() : null;

    /// <summary>
    /// Caps each representation at <paramref name="maxCharacters"/>. Rich representations
    /// that are too large are dropped (a cut HTML or JSON document would break the front
    /// end); text/plain is cut and ends with a visible marker.
    /// </summary>
    public MimeBundle Truncate(int maxCharacters)
    {
        foreach (var (mime, node) in _data.ToArray())
        {
            int size = node is JsonValue v && v.TryGetValue(out string? s) ? s.Length : node.ToJsonString().Length;
            if (size <= maxCharacters) continue;
            if (mime == MimeTypes.Html && size - OutputLimits.LibraryCharacters(node.GetValue<string>()) <= maxCharacters) continue;
            if (mime == MimeTypes.PlainText)
            {
                _data[mime] = JsonValue.Create(OutputLimits.Truncate(node.GetValue<string>(), maxCharacters));
            }
            else
            {
                _data.Remove(mime);
                if (!_data.ContainsKey(MimeTypes.PlainText)) _data[MimeTypes.PlainText] = JsonValue.Create("");
                _data[MimeTypes.PlainText] = JsonValue.Create(_data[MimeTypes.PlainText]!.GetValue<string>() +
                    $"\n[{mime} output of {size:N0} characters omitted: over the {maxCharacters:N0}-character limit]");
            }
        }
        return this;
    }

    /// <summary>The bundle as the JSON object Jupyter puts in <c>data</c>.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject();
        foreach (var (mime, node) in _data) obj[mime] = node.DeepClone();
        return obj;
    }
}
