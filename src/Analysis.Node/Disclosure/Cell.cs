using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analysis.Node.Disclosure;

/// <summary>A released count: either its value or a marker that it was suppressed.</summary>
/// <remarks>Serialised as <c>{"value": 12}</c> or <c>{"suppressed": true, "display": "&lt;5"}</c>; a suppressed cell never
/// carries its value, not even as 0, so the wire format cannot leak it.</remarks>
[JsonConverter(typeof(CellJsonConverter))]
public readonly record struct Cell
{
    private Cell(long? value, string display)
    {
        Value = value;
        Display = display;
    }

    /// <summary>The count, or <c>null</c> when suppressed.</summary>
    public long? Value { get; }

    /// <summary>How to show the cell: the number, or e.g. <c>&lt;5</c>.</summary>
    public string Display { get; }

    /// <summary>True when the count is withheld.</summary>
    public bool IsSuppressed => Value is null;

    /// <summary>A cell that shows its count.</summary>
    /// <param name="count">The count.</param>
    /// <returns>The cell.</returns>
    public static Cell Shown(long count) => new(count, count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A suppressed cell.</summary>
    /// <param name="threshold">The threshold it fell under, for display.</param>
    /// <returns>The cell.</returns>
    public static Cell Suppressed(int threshold) => new(null, $"<{threshold}");

    /// <inheritdoc />
    public override string ToString() => Display;

    internal static Cell Read(long? value, string display) => new(value, display);
}

/// <summary>Writes and reads <see cref="Cell"/> in its wire format.</summary>
public sealed class CellJsonConverter : JsonConverter<Cell>
{
    /// <inheritdoc />
    public override Cell Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.TryGetProperty("suppressed", out var s) && s.ValueKind == JsonValueKind.True)
            return Cell.Read(null, root.TryGetProperty("display", out var d) ? d.GetString() ?? "" : "");
        return Cell.Shown(root.GetProperty("value").GetInt64());
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Cell value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Value is { } v) writer.WriteNumber("value", v);
        else
        {
            writer.WriteBoolean("suppressed", true);
            writer.WriteString("display", value.Display);
        }
        writer.WriteEndObject();
    }
}
