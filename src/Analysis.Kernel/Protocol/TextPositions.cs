namespace Analysis.Kernel.Protocol;

/// <summary>
/// Jupyter counts cursor positions in Unicode code points (protocol 5.2 and later); .NET
/// strings index UTF-16 code units. These convert between the two, so emoji and other
/// characters outside the BMP do not shift completion ranges.
/// </summary>
public static class TextPositions
{
    /// <summary>The UTF-16 index of a code-point offset, clamped to the text.</summary>
    public static int ToUtf16(string text, int codePoints)
    {
        int index = 0;
        for (int seen = 0; seen < codePoints && index < text.Length; seen++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The code-point offset of a UTF-16 index.</summary>
    public static int ToCodePoints(string text, int utf16Index)
    {
        int points = 0;
        for (int i = 0; i < utf16Index && i < text.Length; i++)
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) points++;
        return points;
    }
}
