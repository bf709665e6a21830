using System.Text;

namespace Analysis.Imaging.Dicom;

/// <summary>
/// Decodes text values under the Specific Character Set (0008,0005) (PS3.3 C.12.1.1.2, PS3.5 section 6.1):
/// the single-byte sets (ISO_IR 100/101/109/110/144/127/126/138/148/203/166/13), UTF-8 (ISO_IR 192), GB18030 and GBK,
/// and ISO 2022 code extensions switched by escape sequences, including the multi-byte Japanese (IR 87, IR 159),
/// Korean (IR 149) and Chinese (IR 58) sets. An unknown term gives a <see cref="NotSupportedException"/> naming it.
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
        ["ISO_IR 13"] = 932, ["ISO 2022 IR 13"] = 932,
        ["ISO_IR 192"] = 65001,
        ["GB18030"] = 54936,
        ["GBK"] = 936,
    };

    // Multi-byte sets reachable only through ISO 2022 escapes (never as the initial set).
    private static readonly HashSet<string> CodeExtensions = new(StringComparer.Ordinal)
    {
        "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149", "ISO 2022 IR 58",
    };

    // ISO 2022 escape sequences (PS3.3 Tables C.12-3 and C.12-4), keyed by the bytes after ESC, with their decoder.
    private static readonly (string Designation, Func<byte[], string> Decode)[] Escapes =
    [
        ("(B", Page(28591)), ("(J", Page(932)), (")I", Page(932)),
        ("-A", Page(28591)), ("-B", Page(28592)), ("-C", Page(28593)), ("-D", Page(28594)), ("-L", Page(28595)),
        ("-G", Page(28596)), ("-F", Page(28597)), ("-H", Page(28598)), ("-M", Page(28599)), ("-b", Page(28605)), ("-T", Page(874)),
        // JIS X 0208 in G0: let .NET's ISO-2022-JP decoder read it behind its own escape.
        ("$B", bytes => Encoding.GetEncoding(50220).GetString([0x1B, (byte)'$', (byte)'B', .. bytes])),
        // JIS X 0212 in G0: the same characters are EUC-JP's 0x8F-prefixed triples.
        ("$(D", bytes => Encoding.GetEncoding(51932).GetString(Euc(bytes, prefix: 0x8F))),
        // KS X 1001 and GB 2312 in G1 arrive as EUC bytes already.
        ("$)C", Page(51949)), ("$)A", Page(936)),
    ];

    /// <summary>The encoding of the initial character set of a dataset's terms (an empty list is the default repertoire).</summary>
    /// <exception cref="NotSupportedException">A term is not supported; the message names it.</exception>
    public static Encoding EncodingFor(IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
            if (!IsSupported(term)) throw Unsupported(term);
        var first = terms.Count == 0 ? "" : terms[0];
        return Encoding.GetEncoding(CodePages.GetValueOrDefault(first, 28591));
    }

    /// <summary>Decodes one text value under the dataset's character set terms, following ISO 2022 escapes.</summary>
    /// <exception cref="NotSupportedException">A term or an escape sequence is not supported; the message names it.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, IReadOnlyList<string> terms)
    {
        var initial = EncodingFor(terms);
        if (bytes.IndexOf((byte)0x1B) < 0) return initial.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        Func<byte[], string> decode = b => initial.GetString(b);
        var start = 0;
        while (start < bytes.Length)
        {
            var escape = bytes[start..].IndexOf((byte)0x1B);
            var end = escape < 0 ? bytes.Length : start + escape;
            text.Append(decode(bytes[start..end].ToArray()));
            if (escape < 0) break;
            var after = bytes[(end + 1)..];
            (string Designation, Func<byte[], string> Decode)? match = null;
            foreach (var candidate in Escapes)
                if (after.StartsWith(Encoding.ASCII.GetBytes(candidate.Designation))) match = candidate;
            if (match is not { } found)
                throw new NotSupportedException($"An ISO 2022 escape sequence (ESC 0x{(after.IsEmpty ? "" : after[0].ToString("X2"))}...) under character set '{string.Join("\\", terms)}' is not supported.");
            decode = found.Decode;
            start = end + 1 + found.Designation.Length;
        }
        return text.ToString();
    }

    /// <summary>True when a term is one this reader can decode.</summary>
    public static bool IsSupported(string term) => term.Length == 0 || CodePages.ContainsKey(term) || CodeExtensions.Contains(term);

    private static Func<byte[], string> Page(int codePage) => bytes => Encoding.GetEncoding(codePage).GetString(bytes);

    private static byte[] Euc(byte[] sevenBit, byte prefix)
    {
        var result = new List<byte>(sevenBit.Length * 3 / 2);
        for (var i = 0; i + 1 < sevenBit.Length; i += 2)
        {
            result.Add(prefix);
            result.Add((byte)(sevenBit[i] | 0x80));
            result.Add((byte)(sevenBit[i + 1] | 0x80));
        }
        return [.. result];
    }

    private static NotSupportedException Unsupported(string term) =>
        new($"The DICOM Specific Character Set term '{term}' is not supported (supported: {string.Join(", ", CodePages.Keys.Concat(CodeExtensions))}).");
}
