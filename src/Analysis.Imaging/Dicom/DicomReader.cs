using System.Buffers.Binary;

namespace Analysis.Imaging.Dicom;

/// <summary>
/// Parses elements from a buffer holding a whole file. Every length is checked against the bytes that remain, so
/// corrupt lengths give a <see cref="DicomFormatException"/> with the offset and tag instead of a huge allocation;
/// values are slices of the buffer (no copy) except big-endian numbers, which are swapped into new arrays.
/// </summary>
internal sealed class DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    // Real files nest a handful of levels; a bound keeps corrupt input from exhausting the stack.
    private const int MaxDepth = 64;

    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly string _source;
    private bool _explicitVR;
    private bool _littleEndian;

    public DicomReader(ReadOnlyMemory<byte> buffer, string source, bool explicitVR, bool littleEndian)
    {
        _buffer = buffer;
        _source = source;
        _explicitVR = explicitVR;
        _littleEndian = littleEndian;
    }

    public int Position { get; set; }

    /// <summary>True when the last <see cref="ReadDataset"/> stopped because the next group was not wanted (not at the data's end).</summary>
    public bool Stopped { get; private set; }

    public void Switch(bool explicitVR, bool littleEndian)
    {
        _explicitVR = explicitVR;
        _littleEndian = littleEndian;
    }

    /// <summary>Reads elements until <paramref name="end"/>, or while <paramref name="keepGoing"/> holds for the next group.</summary>
    public void ReadDataset(DicomDataset dataset, int end, int depth, Func<ushort, bool>? keepGoing = null)
    {
        if (depth > MaxDepth)
            throw Error($"Sequences nest deeper than {MaxDepth} levels", Position, null);
        while (Position < end)
        {
            if (keepGoing is not null && (end - Position < 2 || !keepGoing(_littleEndian
                    ? BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span[Position..])
                    : BinaryPrimitives.ReadUInt16BigEndian(_buffer.Span[Position..]))))
            {
                Stopped = end - Position >= 2;
                return;
            }
            var start = Position;
            var tag = ReadTag(end);
            if (tag == DicomTag.ItemDelimitation)
            {
                // Ends an item of undefined length; its 4-byte length is zero.
                Need(4, end, start, tag);
                Position += 4;
                if (depth == 0)
                    throw Error("An item delimiter appears outside any sequence item", start, tag);
                dataset.EndedByDelimiter = true;
                return;
            }
            if (tag.Group == 0xFFFE)
                throw Error(tag == DicomTag.SequenceDelimitation ? "A sequence delimiter appears where an element was expected" : "An item tag appears where an element was expected", start, tag);
            var element = ReadElement(tag, start, end, depth, dataset);
            dataset.Add(element);
        }
    }

    private DicomElement ReadElement(DicomTag tag, int start, int end, int depth, DicomDataset dataset)
    {
        DicomVR vr;
        uint length;
        if (_explicitVR)
        {
            Need(2, end, start, tag);
            var span = _buffer.Span;
            if (!DicomVRInfo.TryParse(span[Position], span[Position + 1], out vr))
            {
                // PS3.5 6.2: an unknown VR is read like UN (reserved bytes and a 32-bit length), if the letters look like one.
                if (span[Position] is < (byte)'A' or > (byte)'Z' || span[Position + 1] is < (byte)'A' or > (byte)'Z')
                    throw Error($"Invalid VR bytes 0x{span[Position]:X2} 0x{span[Position + 1]:X2}", start, tag);
                vr = DicomVR.UN;
            }
            Position += 2;
            if (DicomVRInfo.HasLongLength(vr) || vr == DicomVR.UN)
            {
                Need(6, end, start, tag);
                Position += 2;
                length = ReadUInt32();
            }
            else
            {
                Need(2, end, start, tag);
                length = ReadUInt16();
            }
        }
        else
        {
            vr = ImplicitVR(tag, dataset);
            Need(4, end, start, tag);
            length = ReadUInt32();
        }

        if (length == UndefinedLength)
        {
            if (tag == DicomTag.PixelData && vr != DicomVR.SQ)
                return new DicomElement(tag, vr, default, start, fragments: ReadFragments(end, start, tag));
            if (vr is DicomVR.SQ or DicomVR.UN)
            {
                // PS3.5 6.2.2: a UN of undefined length is a sequence encoded in implicit VR little endian.
                var items = vr == DicomVR.UN
                    ? AsImplicitLittleEndian(() => ReadItems(end, depth, undefined: true, start, tag, dataset))
                    : ReadItems(end, depth, undefined: true, start, tag, dataset);
                return new DicomElement(tag, DicomVR.SQ, default, start, items);
            }
            throw Error($"A {vr} element has undefined length, which only sequences and pixel data may have", start, tag);
        }
        if (length > (uint)(end - Position))
            throw Error($"The {vr} value declares {length} bytes but only {end - Position} remain", start, tag);
        var valueEnd = Position + (int)length;
        if (vr == DicomVR.UN && _explicitVR && (!tag.IsPrivate || tag.IsPrivateCreator) && ImplicitVR(tag, dataset) is var known && known != DicomVR.UN)
        {
            // A UN written by an application that did not know the tag: its value is in implicit VR little endian
            // (PS3.5 6.2.2), so the dictionary's VR reads it, as pydicom does.
            if (known == DicomVR.SQ)
            {
                var items = AsImplicitLittleEndian(() => ReadItems(valueEnd, depth, undefined: false, start, tag, dataset));
                Position = valueEnd;
                return new DicomElement(tag, DicomVR.SQ, default, start, items);
            }
            var bytes = _buffer.Slice(Position, (int)length);
            Position = valueEnd;
            return new DicomElement(tag, known, bytes, start);
        }
        if (vr == DicomVR.SQ)
        {
            var items = ReadItems(valueEnd, depth, undefined: false, start, tag, dataset);
            Position = valueEnd;
            return new DicomElement(tag, DicomVR.SQ, default, start, items);
        }
        var value = _buffer.Slice(Position, (int)length);
        Position = valueEnd;
        var unit = DicomVRInfo.SwapUnit(vr);
        // Big-endian 32/64-bit pixels sit in an OW value as whole numbers, not as 16-bit words (as pydicom reads them).
        if (tag == DicomTag.PixelData && FindUShort(dataset, DicomTag.BitsAllocated) is >= 32 and var bits) unit = bits / 8;
        if (!_littleEndian && unit > 1)
            value = Swap(value.Span, unit, start, tag);
        return new DicomElement(tag, vr, value, start);
    }

    private T AsImplicitLittleEndian<T>(Func<T> read)
    {
        var saved = (_explicitVR, _littleEndian);
        Switch(false, true);
        try { return read(); }
        finally { Switch(saved._explicitVR, saved._littleEndian); }
    }

    private List<DicomDataset> ReadItems(int end, int depth, bool undefined, int elementStart, DicomTag sequenceTag, DicomDataset parent)
    {
        var items = new List<DicomDataset>();
        while (Position < end)
        {
            var start = Position;
            var tag = ReadTag(end);
            Need(4, end, start, tag);
            var length = ReadUInt32();
            if (tag == DicomTag.SequenceDelimitation)
            {
                if (!undefined) throw Error("A sequence delimiter ends a sequence of defined length", start, tag);
                return items;
            }
            if (tag != DicomTag.Item)
                throw Error($"Expected an item tag (FFFE,E000) in sequence {sequenceTag}, found {tag}", start, tag);
            var item = new DicomDataset(_source) { Parent = parent };
            if (length == UndefinedLength)
            {
                ReadDataset(item, end, depth + 1);
                if (!item.EndedByDelimiter)
                    throw Error($"Item of undefined length in sequence {sequenceTag} has no item delimiter before the data end", start, sequenceTag);
            }
            else
            {
                if (length > (uint)(end - Position))
                    throw Error($"An item of sequence {sequenceTag} declares {length} bytes but only {end - Position} remain", start, sequenceTag);
                var itemEnd = Position + (int)length;
                ReadDataset(item, itemEnd, depth + 1);
                Position = itemEnd;
            }
            items.Add(item);
        }
        if (undefined)
            throw Error($"Sequence {sequenceTag} of undefined length has no sequence delimiter before the data end", elementStart, sequenceTag);
        return items;
    }

    private List<ReadOnlyMemory<byte>> ReadFragments(int end, int elementStart, DicomTag tag)
    {
        var fragments = new List<ReadOnlyMemory<byte>>();
        var first = true;
        while (Position < end)
        {
            var start = Position;
            var itemTag = ReadTag(end);
            Need(4, end, start, itemTag);
            var length = ReadUInt32();
            if (itemTag == DicomTag.SequenceDelimitation) return fragments;
            if (itemTag != DicomTag.Item)
                throw Error($"Expected a pixel data fragment item, found {itemTag}", start, tag);
            if (length > (uint)(end - Position))
                throw Error($"A pixel data fragment declares {length} bytes but only {end - Position} remain", start, tag);
            // The first item is the basic offset table, not image data.
            if (!first) fragments.Add(_buffer.Slice(Position, (int)length));
            first = false;
            Position += (int)length;
        }
        throw Error("Encapsulated pixel data have no sequence delimiter before the data end", elementStart, tag);
    }

    private DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset)
    {
        if (tag.Element == 0x0000) return DicomVR.UL;
        if (tag.IsPrivateCreator) return DicomVR.LO;
        if (DicomDictionary.Find(tag) is not { } entry) return DicomVR.UN;
        if (entry.DependsOnPixelRepresentation)
            return FindUShort(dataset, DicomTag.PixelRepresentation) == 1 ? DicomVR.SS : DicomVR.US;
        return entry.VR;
    }

    private static int? FindUShort(DicomDataset? dataset, DicomTag tag)
    {
        for (; dataset is not null; dataset = dataset.Parent)
            if (dataset[tag] is { RawValue.Length: 2 } element)
                return BinaryPrimitives.ReadUInt16LittleEndian(element.RawValue.Span);
        return null;
    }

    private DicomTag ReadTag(int end)
    {
        Need(4, end, Position, null);
        var group = ReadUInt16();
        var element = ReadUInt16();
        return new DicomTag(group, element);
    }

    private ushort ReadUInt16()
    {
        var span = _buffer.Span.Slice(Position, 2);
        Position += 2;
        return _littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);
    }

    private uint ReadUInt32()
    {
        var span = _buffer.Span.Slice(Position, 4);
        Position += 4;
        return _littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
    }

    private void Need(int bytes, int end, int start, DicomTag? tag)
    {
        if (end - Position < bytes)
            throw Error($"The data end after {end - start} byte(s) in the middle of an element header", start, tag);
    }

    private ReadOnlyMemory<byte> Swap(ReadOnlySpan<byte> value, int unit, int start, DicomTag tag)
    {
        if (value.Length % unit != 0)
            throw Error($"A value of {value.Length} bytes is not a whole number of {unit}-byte numbers", start, tag);
        var copy = value.ToArray();
        for (var i = 0; i < copy.Length; i += unit) copy.AsSpan(i, unit).Reverse();
        return copy;
    }

    public DicomFormatException Error(string problem, long offset, DicomTag? tag) => new(problem, _source, offset, tag);
}
