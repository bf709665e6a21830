using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Analysis.Federation;

/// <summary>
/// Turns a YAML catalog into the JSON the catalog reader validates, so both formats pass the same checks and give the
/// same error messages. Scalars stay strings (the catalog has no numbers), and YAML's null forms become JSON null.
/// </summary>
internal static class YamlCatalog
{
    public static JsonDocument ToJson(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FederationCatalogException(path, $"(line {e.Start.Line})", $"not valid YAML: {e.Message}", e);
        }
        var root = stream.Documents.Count == 0 ? null : Convert(path, stream.Documents[0].RootNode);
        return JsonDocument.Parse(root?.ToJsonString() ?? "null");
    }

    private static JsonNode? Convert(string path, YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(Key(path, c.Key), Convert(path, c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(n => Convert(path, n))]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new FederationCatalogException(path, $"(line {node.Start.Line})", $"unsupported YAML node {node.NodeType}"),
    };

    private static string Key(string path, YamlNode key) =>
        key is YamlScalarNode { Value: { } name } ? name : throw new FederationCatalogException(path, $"(line {key.Start.Line})", "mapping keys must be plain names");
}
