using System.Text;

namespace Analysis.Imaging.Dicom;

/// <summary>
/// Decodes text values under the Specific Character Set (0008,0005) (PS3.3 C.12.1.1.2, PS3.5 section 6.1).
/// Single-byte sets and UTF-8/GB18030/GBK are supported, also with ISO 2022 escape sequences switching between
/// single-byte sets; ISO 2022 multi-byte sets (IR 87, 159, 149, 58) give a <see cref="NotSupportedException"/> naming the term.
/// </summary>
public static class DicomCharacterSet
{
    static DicomCharacterSet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Dictionary<string, int> CodePages = new(StringComparer.Ordinal)
    {
        ["ISO_IR 6"] = 28591, ["ISO 2022 IR 6"] = 28591,
        ["ISO_IR 100"] = 28591, ["ISO 2022 IR 100"] = 28591,
        ["ISO_IR 101"] = 28592, ["ISO 2022 IR 101"] = 28592,
        ["ISO_IR 109"] = 28593, ["ISO 2022 IR 109"] = 28593,
        ["ISO_IR 110"] = 28594, ["ISO 2022 IR 110"] = 28594,
        ["ISO_IR 144"] = 28595, ["ISO 2022 IR 144"] = 28595,
        ["ISO_IR 127"] = 28596, ["ISO 2022 IR 127"] = 28596,
        ["ISO_IR 126"] = 28597, ["ISO 2022 IR 126"] = 28597,
        ["ISO_IR 138"] = 28598, ["ISO 2022 IR 138"] = 28598,
        ["ISO_IR 148"] = 28599, ["ISO 2022 IR 148"] = 28599,
        ["ISO_IR 203"] = 28605, ["ISO 2022 IR 203"] = 28605,
        ["ISO_IR 166"] = 874, ["ISO 2022 IR 166"] = 874,
        ["ISO_IR 192"] = 65001,
        ["GB18030"] = 54936,
        ["GBK"] = 936,
    };

    // ISO 2022 escape sequences designating single-byte sets (PS3.3 Table C.12-3), keyed by the bytes after ESC.
    private static readonly Dictionary<string, int> Escapes = new(StringComparer.Ordinal)
    {
        ["(B"] = 28591, ["-A"] = 28591, ["-B"] = 28592, ["-C"] = 28593, ["-D"] = 28594, ["-L"] = 28595,
        ["-G"] = 28596, ["-F"] = 28597, ["-H"] = 28598, ["-M"] = 28599, ["-b"] = 28605, ["-T"] = 874,
    };

    /// <summary>The encoding for the character set terms of one dataset (an empty list is the default repertoire).</summary>
    /// <exception cref="NotSupportedException">A term is unknown or needs ISO 2022 multi-byte code extensions.</exception>
    public static Encoding EncodingFor(IReadOnlyList<string> terms)
    {
        var first = terms.Count == 0 || terms[0].Length == 0 ? "ISO_IR 6" : terms[0];
        foreach (var term in terms.Skip(1))
            if (term.Length > 0 && !CodePages.ContainsKey(term))
                throw Unsupported(term);
        return CodePages.TryGetValue(first, out var page) ? Encoding.GetEncoding(page) : throw Unsupported(first);
    }

    /// <summary>Decodes one text value under the dataset's character set terms.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, IReadOnlyList<string> terms)
    {
        var encoding = EncodingFor(terms);
        if (bytes.IndexOf((byte)0x1B) < 0) return encoding.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        var start = 0;
        while (start < bytes.Length)
        {
            var escape = bytes[start..].IndexOf((byte)0x1B);
            var end = escape < 0 ? bytes.Length : start + escape;
            text.Append(encoding.GetString(bytes[start..end]));
            if (escape < 0) break;
            if (end + 2 >= bytes.Length)
                throw new NotSupportedException($"A truncated ISO 2022 escape sequence ends the text value (terms: {string.Join("\\", terms)}).");
            var designation = Encoding.ASCII.GetString(bytes.Slice(end + 1, 2));
            encoding = Escapes.TryGetValue(designation, out var page) ? Encoding.GetEncoding(page)
                : throw new NotSupportedException($"The ISO 2022 escape sequence ESC {designation} (multi-byte code extension, character set '{string.Join("\\", terms)}') is not supported.");
            start = end + 3;
        }
        return text.ToString();
    }

    /// <summary>True when a term is one this reader can decode.</summary>
    public static bool IsSupported(string term) => term.Length == 0 || CodePages.ContainsKey(term);

    private static NotSupportedException Unsupported(string term) =>
        new($"The DICOM Specific Character Set term '{term}' is not supported (supported: {string.Join(", ", CodePages.Keys.Where(k => k.StartsWith("ISO_IR", StringComparison.Ordinal) || !k.Contains(' ', StringComparison.Ordinal)))}).");
}
