using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analysis.Contracts;

/// <summary>A count as a node releases it: its value, or only a display such as "&lt;5" when disclosure control withheld it.</summary>
/// <remarks>
/// On the wire: <c>{"value": 12}</c> or <c>{"suppressed": true, "display": "&lt;5"}</c>. A suppressed cell never carries
/// its value, not even as 0, so the format cannot leak it. Under a threshold of 1 only zero is withheld, so a cell shown
/// as "&lt;1" is read back as an exact 0.
/// </remarks>
[JsonConverter(typeof(ReleasedCellJsonConverter))]
public readonly record struct ReleasedCell
{
    private ReleasedCell(long? value, string display)
    {
        Value = value;
        Display = display;
    }

    /// <summary>The count; null when suppressed.</summary>
    public long? Value { get; }

    /// <summary>The value as text, or the suppression marker (e.g. <c>&lt;5</c>).</summary>
    public string Display { get; }

    /// <summary>The count was withheld by disclosure control.</summary>
    public bool IsSuppressed => Value is null;

    /// <summary>The value, or 0 for a suppressed cell (for sums that then carry a caveat).</summary>
    public long ValueOrZero => Value ?? 0;

    /// <summary>A cell that shows its count.</summary>
    public static ReleasedCell Shown(long count) => new(count, count.ToString(CultureInfo.InvariantCulture));

    /// <summary>A cell withheld because its count fell under <paramref name="threshold"/>; shown as <c>&lt;threshold</c>.</summary>
    public static ReleasedCell Suppressed(int threshold) => new(null, $"<{threshold.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>A withheld cell shown as <paramref name="display"/>, as a node sent it.</summary>
    public static ReleasedCell Suppressed(string display) =>
        // Under a threshold of 1 only zero is withheld, so the count is known exactly.
        display == "<1" ? Shown(0) : new(null, display);

    /// <inheritdoc />
    public override string ToString() => Display ?? "";
}

/// <summary>Writes and reads <see cref="ReleasedCell"/> in its wire format.</summary>
public sealed class ReleasedCellJsonConverter : JsonConverter<ReleasedCell>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">Neither <c>{"value": n}</c> nor <c>{"suppressed": true, ...}</c>.</exception>
    public override ReleasedCell Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"a count cell must be an object, not {reader.TokenType}");
        long? value = null;
        bool suppressed = false;
        string? display = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException("malformed count cell");
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "value" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n):
                    value = n;
                    break;
                case "suppressed" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                    suppressed = reader.GetBoolean();
                    break;
                case "display" when reader.TokenType == JsonTokenType.String:
                    display = reader.GetString();
                    break;
                default:
                    // Later nodes may add members (e.g. how a value was rounded); an old client reads what it knows.
                    reader.Skip();
                    break;
            }
        }
        if (value is { } v && !suppressed) return ReleasedCell.Shown(v);
        if (suppressed && value is null) return ReleasedCell.Suppressed(display ?? "suppressed");
        throw new JsonException("not a count cell: expected {\"value\": n} or {\"suppressed\": true, \"display\": ...}");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ReleasedCell value, JsonSerializerOptions options)
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
