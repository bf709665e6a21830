using System.Globalization;
using System.Text.Json;

namespace Analysis.Federation;

/// <summary>A count as a node releases it: its value, or only a display such as "&lt;5" when it was suppressed.</summary>
/// <param name="Value">The count; null when suppressed.</param>
/// <param name="Display">The value as text, or the suppression marker.</param>
public readonly record struct ReleasedCell(long? Value, string Display)
{
    /// <summary>The count was withheld by disclosure control.</summary>
    public bool IsSuppressed => Value is null;

    /// <summary>The value, or 0 for a suppressed cell (for sums that then carry a caveat).</summary>
    public long ValueOrZero => Value ?? 0;

    /// <inheritdoc />
    public override string ToString() => Display;

    /// <summary>Reads the node's cell format: <c>{"value": 12}</c> or <c>{"suppressed": true, "display": "&lt;5"}</c>.</summary>
    /// <exception cref="UnexpectedAnswerException">Neither form.</exception>
    public static ReleasedCell Read(JsonElement cell)
    {
        if (cell.ValueKind == JsonValueKind.Object)
        {
            if (cell.TryGetProperty("value", out var value) && value.TryGetInt64(out var n)) return new ReleasedCell(n, n.ToString(CultureInfo.InvariantCulture));
            if (cell.TryGetProperty("suppressed", out var hidden) && hidden.ValueKind == JsonValueKind.True)
            {
                var shown = cell.TryGetProperty("display", out var display) && display.ValueKind == JsonValueKind.String ? display.GetString()! : "suppressed";
                // Under a threshold of 1 only zero is withheld, so the count is known exactly.
                return shown == "<1" ? new ReleasedCell(0, "0") : new ReleasedCell(null, shown);
            }
        }
        throw new UnexpectedAnswerException($"not a count cell: {cell}");
    }
}
