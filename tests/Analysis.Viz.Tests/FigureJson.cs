using System.Text.Json.Nodes;
using Plotly.NET;

namespace Analysis.Viz.Tests;

/// <summary>A chart's figure JSON, as plotly.js receives it, with lookups by trace name.</summary>
internal sealed class FigureJson(GenericChart chart)
{
    public JsonObject Root { get; } = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();

    public JsonArray Traces => Root["data"]!.AsArray();

    public JsonObject Layout => Root["layout"]!.AsObject();

    public JsonObject Trace(string name) =>
        Traces.Select(t => t!.AsObject()).SingleOrDefault(t => (string?)t["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"no trace '{name}' in: {string.Join(", ", Traces.Select(t => (string?)t!["name"]))}");

    public static double[] Numbers(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    public static string[] Strings(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
}
