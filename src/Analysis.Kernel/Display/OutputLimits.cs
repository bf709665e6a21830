namespace Analysis.Kernel.Display;

/// <summary>Cuts text that would be too large for a front end, leaving a visible marker.</summary>
public static class OutputLimits
{
    /// <summary>Default cap for one output, in characters (about 1 MB of ASCII).</summary>
    public const int DefaultMaxCharacters = 1_000_000;

    /// <summary>The text, cut to <paramref name="maxCharacters"/> with a marker saying how much was dropped.</summary>
    public static string Truncate(string text, int maxCharacters)
    {
        if (text.Length <= maxCharacters) return text;
        int keep = Math.Max(0, maxCharacters);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
        return text[..keep] + $"\n[output truncated: {text.Length - keep:N0} more characters not shown]";
    }
}
