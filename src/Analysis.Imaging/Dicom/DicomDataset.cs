using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;

namespace Analysis.Imaging.Dicom;

/// <summary>
/// A set of data elements in tag order: the top level of a file, or one item of a sequence. Typed accessors
/// (<see cref="GetString"/>, <see cref="GetInt"/>, <see cref="GetDoubles"/>, <see cref="GetDate"/>...) return null or an
/// empty array when the element is absent or empty, and throw <see cref="DicomFormatException"/> naming the tag when
/// the value cannot be read as asked.
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly SortedList<DicomTag, DicomElement> _elements = [];

    /// <summary>Creates an empty dataset (to build one for the writer).</summary>
    public DicomDataset() { }

    internal DicomDataset(string? source) => SourceName = source;

    /// <summary>The file this dataset was read from, for error messages.</summary>
    public string? SourceName { get; internal set; }

    /// <summary>The dataset holding the sequence this item belongs to; items inherit its character set.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>Set by the reader when an item of undefined length ended at its delimiter.</summary>
    internal bool EndedByDelimiter { get; set; }

    /// <summary>Number of elements at this level.</summary>
    public int Count => _elements.Count;

    /// <summary>The element with a tag, or null.</summary>
    public DicomElement? this[DicomTag tag] => _elements.GetValueOrDefault(tag);

    /// <summary>True when the dataset has an element with this tag.</summary>
    public bool Contains(DicomTag tag) => _elements.ContainsKey(tag);

    /// <summary>Adds or replaces an element; returns this dataset for chaining.</summary>
    public DicomDataset Add(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        _elements[element.Tag] = element;
        if (element.Items is not null)
            foreach (var item in element.Items) item.Parent = this;
        return this;
    }

    /// <summary>Sets a text element (values joined by backslash), encoded in this dataset's character set.</summary>
    public DicomDataset Set(DicomTag tag, DicomVR vr, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = string.Join('\\', values);
        var encoding = DicomVRInfo.UsesCharacterSet(vr) ? DicomCharacterSet.EncodingFor(CharacterSetTerms) : Encoding.Latin1;
        return Add(DicomElement.FromBytes(tag, vr, encoding.GetBytes(text)));
    }

    /// <summary>Sets a numeric element: binary for US, SS, UL, SL, FL, FD (little-endian), text for DS and IS.</summary>
    /// <exception cref="ArgumentException">The VR holds no numbers.</exception>
    public DicomDataset Set(DicomTag tag, DicomVR vr, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (vr is DicomVR.DS or DicomVR.IS)
            return Set(tag, vr, values.Select(v => v.ToString(vr == DicomVR.IS ? "0" : "G12", CultureInfo.InvariantCulture)).ToArray());
        var size = DicomVRInfo.SwapUnit(vr);
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var slot = bytes.AsSpan(i * size);
            switch (vr)
            {
                case DicomVR.US: BinaryPrimitives.WriteUInt16LittleEndian(slot, checked((ushort)values[i])); break;
                case DicomVR.SS: BinaryPrimitives.WriteInt16LittleEndian(slot, checked((short)values[i])); break;
                case DicomVR.UL: BinaryPrimitives.WriteUInt32LittleEndian(slot, checked((uint)values[i])); break;
                case DicomVR.SL: BinaryPrimitives.WriteInt32LittleEndian(slot, checked((int)values[i])); break;
                case DicomVR.FL: BinaryPrimitives.WriteSingleLittleEndian(slot, (float)values[i]); break;
                case DicomVR.FD: BinaryPrimitives.WriteDoubleLittleEndian(slot, values[i]); break;
                default: throw new ArgumentException($"VR {vr} does not hold numbers; use US, SS, UL, SL, FL, FD, DS or IS.", nameof(vr));
            }
        }
        return Add(DicomElement.FromBytes(tag, vr, bytes));
    }

    /// <summary>Removes an element if present; returns true when one was removed.</summary>
    public bool Remove(DicomTag tag) => _elements.Remove(tag);

    /// <summary>Removes every element matching a condition; returns how many were removed.</summary>
    public int RemoveAll(Func<DicomElement, bool> match)
    {
        var doomed = _elements.Values.Where(match).Select(e => e.Tag).ToList();
        foreach (var tag in doomed) _elements.Remove(tag);
        return doomed.Count;
    }

    /// <summary>The Specific Character Set terms that apply here (own, else the parent's; empty = default repertoire).</summary>
    public IReadOnlyList<string> CharacterSetTerms =>
        _elements.TryGetValue(DicomTag.SpecificCharacterSet, out var element)
            ? SplitText(Encoding.Latin1.GetString(element.RawValue.Span), DicomVR.CS)
            : Parent?.CharacterSetTerms ?? [];

    /// <summary>The whole text value (values still joined by backslash), padding removed; numbers of binary VRs
    /// (US, FL...) formatted and joined the same way; null when absent.</summary>
    /// <exception cref="NotSupportedException">The character set is not supported (the message names the term).</exception>
    public string? GetString(DicomTag tag)
    {
        if (!_elements.TryGetValue(tag, out var element)) return null;
        var vr = element.VR;
        if (!DicomVRInfo.IsText(vr) && vr != DicomVR.UN)
            return string.Join('\\', NumbersOf(element).Select(v => v.ToString(CultureInfo.InvariantCulture)));
        return TrimPadding(DecodeText(element), vr);
    }

    /// <summary>The values of a text element split at backslashes (one value for LT, ST, UT, UR), each trimmed.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (!_elements.TryGetValue(tag, out var element) || element.RawValue.IsEmpty) return [];
        if (!DicomVRInfo.IsText(element.VR) && element.VR != DicomVR.UN)
            return NumbersOf(element).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        return SplitText(DecodeText(element), element.VR);
    }

    /// <summary>The first value as an integer (US, SS, UL, SL, SV, UV or IS), or null when absent or empty.</summary>
    public int? GetInt(DicomTag tag) => GetInts(tag) is [var first, ..] ? first : null;

    /// <summary>All values as integers.</summary>
    public int[] GetInts(DicomTag tag) => GetDoubles(tag).Select(v => IntegerOf(v, tag)).ToArray();

    /// <summary>The first value as a double (DS, IS, FL, FD or any integer VR), or null when absent or empty.</summary>
    public double? GetDouble(DicomTag tag) => GetDoubles(tag) is [var first, ..] ? first : null;

    /// <summary>All values as doubles.</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        if (!_elements.TryGetValue(tag, out var element)) return [];
        if (!DicomVRInfo.IsText(element.VR)) return NumbersOf(element);
        var values = SplitText(Encoding.Latin1.GetString(element.RawValue.Span), element.VR);
        var numbers = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
                throw new DicomFormatException($"Value {i + 1} '{values[i]}' is not a number", SourceName, element.Offset, tag);
        return numbers;
    }

    /// <summary>A DA value as a date, or null when absent or empty.</summary>
    public DateOnly? GetDate(DicomTag tag)
    {
        var text = GetString(tag);
        if (string.IsNullOrEmpty(text)) return null;
        // ACR-NEMA dates were written YYYY.MM.DD; PS3.5 6.2 asks readers to accept them.
        var digits = text.Replace(".", "", StringComparison.Ordinal);
        return DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw new DicomFormatException($"'{text}' is not a DICOM date (YYYYMMDD)", SourceName, this[tag]!.Offset, tag);
    }

    /// <summary>A TM value as a time of day (HH, HHMM, HHMMSS or HHMMSS.FFFFFF), or null when absent or empty.</summary>
    public TimeOnly? GetTime(DicomTag tag)
    {
        var text = GetString(tag);
        if (string.IsNullOrEmpty(text)) return null;
        return ParseTime(text.Replace(":", "", StringComparison.Ordinal)) ?? throw new DicomFormatException($"'{text}' is not a DICOM time (HHMMSS.FFFFFF)", SourceName, this[tag]!.Offset, tag);
    }

    /// <summary>A DT value (YYYYMMDDHHMMSS.FFFFFF, any trailing part optional, offset ignored), or null.</summary>
    public DateTime? GetDateTime(DicomTag tag)
    {
        var text = GetString(tag);
        if (string.IsNullOrEmpty(text)) return null;
        var local = text.Split('+', '-')[0];
        if (local.Length >= 8 && DateOnly.TryParseExact(local[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && (local.Length == 8 ? TimeOnly.MinValue : ParseTime(local[8..])) is { } time)
            return date.ToDateTime(time);
        if (local.Length is 4 or 6 && int.TryParse(local[..4], CultureInfo.InvariantCulture, out var year))
            return new DateTime(year, local.Length == 6 ? int.Parse(local[4..6], CultureInfo.InvariantCulture) : 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        throw new DicomFormatException($"'{text}' is not a DICOM date time (YYYYMMDDHHMMSS.FFFFFF)", SourceName, this[tag]!.Offset, tag);
    }

    /// <summary>The items of a sequence element, or an empty list when absent.</summary>
    public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag) =>
        _elements.TryGetValue(tag, out var element) ? element.ItemsOrEmpty : [];

    /// <summary>The raw value bytes (numbers little-endian), or empty when absent.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag) => _elements.TryGetValue(tag, out var e) ? e.RawValue : default;

    /// <summary>The private creator (e.g. "SIEMENS CSA HEADER") that reserved the block a private tag is in, or null.</summary>
    public string? GetPrivateCreator(DicomTag tag)
    {
        if (!tag.IsPrivate || tag.Element < 0x0100) return null;
        return GetString(new DicomTag(tag.Group, (ushort)(tag.Element >> 8)));
    }

    /// <summary>A deep copy: sequences are copied item by item, values are shared (they are never changed in place).</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset(SourceName);
        foreach (var element in _elements.Values)
            copy.Add(element.Items is null ? element
                : new DicomElement(element.Tag, element.VR, element.RawValue, element.Offset, element.Items.Select(i => i.Clone()).ToList()));
        return copy;
    }

    /// <inheritdoc />
    public IEnumerator<DicomElement> GetEnumerator() => _elements.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string DecodeText(DicomElement element)
    {
        var bytes = element.RawValue.Span;
        return DicomVRInfo.UsesCharacterSet(element.VR) ? DicomCharacterSet.Decode(bytes, CharacterSetTerms) : Encoding.Latin1.GetString(bytes);
    }

    internal static string[] SplitText(string text, DicomVR vr)
    {
        if (text.Length == 0) return [];
        var values = DicomVRInfo.IsSingleValued(vr) ? [text] : text.Split('\\');
        for (var i = 0; i < values.Length; i++) values[i] = TrimPadding(values[i], vr);
        return values;
    }

    // PS3.5 6.2: leading and trailing spaces are insignificant except leading ones in LT, ST, UT; UI pads with NUL.
    private static string TrimPadding(string value, DicomVR vr) => vr switch
    {
        DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR => value.TrimEnd(' ', '\0'),
        DicomVR.UN => value.TrimEnd('\0'),
        // PS3.5 6.2.1.1: trailing empty component groups of a person name may be dropped.
        DicomVR.PN => value.Trim(' ', '\0').TrimEnd('='),
        _ => value.Trim(' ', '\0'),
    };

    private double[] NumbersOf(DicomElement element)
    {
        var span = element.RawValue.Span;
        var size = element.VR switch
        {
            DicomVR.US or DicomVR.SS or DicomVR.OW or DicomVR.AT => 2,
            DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL => 4,
            DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
            DicomVR.OB or DicomVR.UN => 1,
            _ => throw new DicomFormatException($"A {element.VR} element holds no numbers", SourceName, element.Offset, element.Tag),
        };
        if (span.Length % size != 0)
            throw new DicomFormatException($"A {element.VR} value of {span.Length} bytes is not a whole number of {size}-byte values", SourceName, element.Offset, element.Tag);
        var values = new double[span.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var item = span.Slice(i * size, size);
            values[i] = element.VR switch
            {
                DicomVR.US or DicomVR.OW or DicomVR.AT => BinaryPrimitives.ReadUInt16LittleEndian(item),
                DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(item),
                DicomVR.UL or DicomVR.OL => BinaryPrimitives.ReadUInt32LittleEndian(item),
                DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(item),
                DicomVR.FL or DicomVR.OF => BinaryPrimitives.ReadSingleLittleEndian(item),
                DicomVR.FD or DicomVR.OD => BinaryPrimitives.ReadDoubleLittleEndian(item),
                DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(item),
                DicomVR.UV or DicomVR.OV => BinaryPrimitives.ReadUInt64LittleEndian(item),
                _ => item[0],
            };
        }
        return values;
    }

    private int IntegerOf(double value, DicomTag tag) =>
        value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue ? (int)value
            : throw new DicomFormatException($"Value {value.ToString(CultureInfo.InvariantCulture)} is not a 32-bit integer", SourceName, this[tag]?.Offset ?? -1, tag);

    private static TimeOnly? ParseTime(string text)
    {
        var parts = text.Split('.');
        var hms = parts[0];
        if (hms.Length is not (2 or 4 or 6) || !hms.All(char.IsAsciiDigit)) return null;
        var hour = int.Parse(hms[..2], CultureInfo.InvariantCulture);
        var minute = hms.Length >= 4 ? int.Parse(hms[2..4], CultureInfo.InvariantCulture) : 0;
        var second = hms.Length == 6 ? Math.Min(59, int.Parse(hms[4..6], CultureInfo.InvariantCulture)) : 0;
        var ticks = 0L;
        if (parts.Length > 1 && parts[1].Length > 0)
        {
            var fraction = parts[1].PadRight(7, '0')[..7];
            if (!fraction.All(char.IsAsciiDigit)) return null;
            ticks = long.Parse(fraction, CultureInfo.InvariantCulture);
        }
        if (hour > 23 || minute > 59) return null;
        return new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
    }
}
