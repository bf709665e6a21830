namespace Analysis.Viz;

/// <summary>The colours charts draw series with, in order (a colour-blind-safe qualitative palette, Okabe and Ito).</summary>
public static class Palette
{
    /// <summary>Series colours as CSS hex strings; series beyond the last reuse them from the start.</summary>
    public static IReadOnlyList<string> Series { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

    /// <summary>The colour of the <paramref name="index"/>-th series.</summary>
    public static string Color(int index) => Series[index % Series.Count];

    /// <summary>The colour with an alpha channel, as an <c>rgba(...)</c> string (for confidence bands).</summary>
    public static string Translucent(string hex, double alpha)
    {
        var rgb = Convert.FromHexString(hex.TrimStart('#'));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rgba({rgb[0]},{rgb[1]},{rgb[2]},{alpha})");
    }
}
