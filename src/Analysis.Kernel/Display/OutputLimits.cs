namespace Analysis.Kernel.Display;

/// <summary>Cuts text that would be too large for a front end, leaving a visible marker.</summary>
public static class OutputLimits
{
    /// <summary>Default cap for one output, in characters (about 1 MB of ASCII).</summary>
    public const int DefaultMaxCharacters = 1_000_000;

    /// <summary>
    /// Marks a <c>&lt;script&gt;</c> element that carries a JavaScript library sent once per
    /// session (plotly.js is 3.6 MB): <c>&lt;script data-kernel-library="name"&gt;</c>. Its
    /// characters do not count against the output limit, which is there to stop runaway
    /// values, not the one-off library a chart needs to work offline.
    /// </summary>
    public const string LibraryScriptAttribute = "data-kernel-library";

    /// <summary>How many characters of <paramref name="html"/> are library scripts (see <see cref="LibraryScriptAttribute"/>).</summary>
    public static int LibraryCharacters(string html)
    {
        int total = 0, at = 0;
        while ((at = html.IndexOf("<script " + LibraryScriptAttribute, at, StringComparison.Ordinal)) >= 0)
        {
            int end = html.IndexOf("</script>", at, StringComparison.Ordinal);
            if (end < 0) break;
            total += end - at;
            at = end;
        }
        return total;
    }

    /// <summary>The text, cut to <paramref name="maxCharacters"/> with a marker saying how much was dropped.</summary>
    public static string Truncate(string text, int maxCharacters)
    {
        if (text.Length <= maxCharacters) return text;
        int keep = Math.Max(0, maxCharacters);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
        return text[..keep] + $"\n[output truncated: {text.Length - keep:N0} more characters not shown]";
    }
}
