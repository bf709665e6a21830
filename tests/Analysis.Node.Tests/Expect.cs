using System.Text.Json;

namespace Analysis.Node.Tests;

/// <summary>Checks a released cell against the true count under threshold 5.</summary>
public static class Expect
{
    public const int Threshold = 5;

    public static void Cell(long trueCount, JsonElement cell, string what = "")
    {
        if (trueCount < Threshold)
        {
            Assert.True(cell.GetProperty("suppressed").GetBoolean(), $"{what}: {trueCount} should be suppressed, got {cell}");
            Assert.False(cell.TryGetProperty("value", out _), $"{what}: a suppressed cell must not carry a value");
            Assert.Equal($"<{Threshold}", cell.GetProperty("display").GetString());
        }
        else
        {
            Assert.Equal(trueCount, cell.GetProperty("value").GetInt64());
        }
    }
}
