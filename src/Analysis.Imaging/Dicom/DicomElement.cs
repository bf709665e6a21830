namespace Analysis.Imaging.Dicom;

/// <summary>One data element: a tag, its VR and its value (raw bytes, sequence items or pixel data fragments).</summary>
public sealed class DicomElement
{
    private static readonly IReadOnlyList<DicomDataset> NoItems = [];

    internal DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value, long offset,
        IReadOnlyList<DicomDataset>? items = null, IReadOnlyList<ReadOnlyMemory<byte>>? fragments = null)
    {
        Tag = tag;
        VR = vr;
        RawValue = value;
        Offset = offset;
        Items = items;
        Fragments = fragments;
    }

    /// <summary>Makes an element from value bytes, little-endian for numbers, as they would be written.</summary>
    public static DicomElement FromBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) => new(tag, vr, value, -1);

    /// <summary>Makes a sequence element from its items.</summary>
    public static DicomElement FromItems(DicomTag tag, IReadOnlyList<DicomDataset> items) => new(tag, DicomVR.SQ, default, -1, items);

    /// <summary>The element's tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The element's VR (from the file under explicit VR, from the data dictionary under implicit VR).</summary>
    public DicomVR VR { get; }

    /// <summary>The value bytes with numbers in little-endian order (big-endian files are converted on reading);
    /// empty for sequences and encapsulated pixel data.</summary>
    public ReadOnlyMemory<byte> RawValue { get; }

    /// <summary>Byte offset of the element's tag in the file (in the inflated stream for deflated files), or -1 when
    /// the element was made in memory.</summary>
    public long Offset { get; }

    /// <summary>The items of a sequence (also of a UN element of undefined length, read as a sequence), else null.</summary>
    public IReadOnlyList<DicomDataset>? Items { get; }

    /// <summary>For encapsulated (compressed) pixel data: the fragments after the basic offset table, else null.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Fragments { get; }

    /// <summary>True when the element holds sequence items.</summary>
    public bool IsSequence => Items is not null;

    /// <summary>The items of a sequence, or an empty list.</summary>
    internal IReadOnlyList<DicomDataset> ItemsOrEmpty => Items ?? NoItems;

    /// <summary>The keyword of the tag, or null.</summary>
    public string? Keyword => Tag.Keyword;

    /// <inheritdoc />
    public override string ToString() => Items is not null ? $"{Tag} {VR} [{Items.Count} item(s)]"
        : Fragments is not null ? $"{Tag} {VR} [{Fragments.Count} fragment(s)]" : $"{Tag} {VR} {RawValue.Length} bytes";
}
