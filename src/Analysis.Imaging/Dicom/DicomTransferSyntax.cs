namespace Analysis.Imaging.Dicom;

/// <summary>A transfer syntax (PS3.5 section 10): how a dataset and its pixel data are encoded.</summary>
/// <param name="Uid">The transfer syntax UID.</param>
/// <param name="Name">Its name in PS3.6 Annex A.</param>
/// <param name="IsExplicitVR">True when every element carries its VR.</param>
/// <param name="IsLittleEndian">True for little-endian numbers.</param>
/// <param name="IsDeflated">True when the dataset after the file meta group is deflate-compressed.</param>
/// <param name="IsEncapsulated">True when pixel data are compressed fragments (JPEG, RLE...).</param>
public sealed record DicomTransferSyntax(string Uid, string Name, bool IsExplicitVR, bool IsLittleEndian, bool IsDeflated, bool IsEncapsulated)
{
    /// <summary>Implicit VR Little Endian, the default transfer syntax (1.2.840.10008.1.2).</summary>
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, true, false, false);
    /// <summary>Explicit VR Little Endian (1.2.840.10008.1.2.1), what the writer produces.</summary>
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, true, false, false);
    /// <summary>Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99).</summary>
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, true, false);
    /// <summary>Explicit VR Big Endian (1.2.840.10008.1.2.2, retired but still met).</summary>
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, false, false, false);

    private static readonly Dictionary<string, DicomTransferSyntax> Known = new[]
    {
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
        Compressed("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
        Compressed("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
        Compressed("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
        Compressed("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
        Compressed("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
        Compressed("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
        Compressed("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
        Compressed("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
        Compressed("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
        Compressed("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
        Compressed("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
        Compressed("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
        Compressed("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
        Compressed("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
        Compressed("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
        Compressed("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
        Compressed("1.2.840.10008.1.2.5", "RLE Lossless"),
    }.ToDictionary(s => s.Uid, StringComparer.Ordinal);

    private static DicomTransferSyntax Compressed(string uid, string name) => new(uid, name, true, true, false, true);

    /// <summary>The transfer syntax with a UID. Unknown UIDs are taken as explicit VR little endian with encapsulated
    /// pixel data, as PS3.5 section 10 requires of every transfer syntax other than the three native ones.</summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        var trimmed = uid.TrimEnd('\0', ' ');
        return Known.TryGetValue(trimmed, out var syntax) ? syntax : new DicomTransferSyntax(trimmed, "unknown transfer syntax", true, true, false, true);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Uid})";
}
