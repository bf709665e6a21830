using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analysis.Kernel.Display;

/// <summary>The formatters every registry starts with.</summary>
public static class DefaultFormatters
{
    /// <summary>
    /// Adds: text/plain for everything; an HTML table for sequences of records and for
    /// dictionaries; application/json for dictionaries that serialize.
    /// </summary>
    public static FormatterRegistry AddTo(FormatterRegistry registry) => registry
        .Register<object>(MimeTypes.PlainText, PlainTextFormatter.Format)
        .Register<IEnumerable>(MimeTypes.Html, e => e is string ? null : HtmlTableFormatter.FormatSequence(e))
        .Register<IDictionary>(MimeTypes.Html, HtmlTableFormatter.FormatDictionary)
        .RegisterJson<IDictionary>(MimeTypes.Json, ToJson);

    private static JsonNode? ToJson(IDictionary dictionary)
    {
        try
        {
            return JsonSerializer.SerializeToNode(dictionary, dictionary.GetType());
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            return null; // Not every dictionary is JSON; text/plain and HTML still show it.
        }
    }
}
