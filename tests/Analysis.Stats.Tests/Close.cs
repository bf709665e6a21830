namespace Analysis.Stats.Tests;

/// <summary>Tolerance comparisons that treat NaN (R's NA) as equal to NaN and say where values differ.</summary>
internal static class Close
{
    public static void Equal(double expected, double actual, double tolerance, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        if (double.IsInfinity(expected) && expected == actual) return;
        var scale = Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):G3}, tolerance {tolerance:G3} relative to max(1, |expected|))");
    }

    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values, got {actual.Count}");
        for (var i = 0; i < expected.Count; i++) Equal(expected[i], actual[i], tolerance, $"{what}[{i}]");
    }
}
