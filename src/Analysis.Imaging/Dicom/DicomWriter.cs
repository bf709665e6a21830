using System.Buffers.Binary;
using System.Text;

namespace Analysis.Imaging.Dicom;

/// <summary>
/// Writes Part 10 files in explicit VR little endian (PS3.10 section 7): preamble, "DICM", a fresh file meta group,
/// then the dataset. Sequences and items are written with undefined length and delimiters, so no lengths need
/// computing ahead; encapsulated pixel data keep their fragments and their transfer syntax.
/// </summary>
public static class DicomWriter
{
    /// <summary>The implementation class UID this writer puts in the file meta group (a 2.25 UUID-derived UID).</summary>
    public const string ImplementationClassUid = "2.25.240158429640591738231960547468530958173";

    /// <summary>The implementation version name put in the file meta group.</summary>
    public const string ImplementationVersionName = "ANALYSIS_IMG_1";

    /// <summary>The SOP class of DICOMDIR files.</summary>
    public const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

    /// <summary>Writes a file to a stream.</summary>
    /// <exception cref="NotSupportedException">The file is a DICOMDIR.</exception>
    /// <exception cref="InvalidOperationException">An element is too long for its VR's 16-bit length.</exception>
    public static void Write(DicomFile file, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(stream);
        if (file.Meta.GetString(DicomTag.MediaStorageSOPClassUID) == MediaStorageDirectoryStorage)
            throw new NotSupportedException($"{file.Source ?? "This file"} is a DICOMDIR (Media Storage Directory Storage, {MediaStorageDirectoryStorage}): its records point to each other by byte offset, which rewriting would break, so the writer does not save DICOMDIRs.");
        var syntax = file.TransferSyntax.IsEncapsulated ? file.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian;
        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        writer.Write(new byte[128]);
        writer.Write("DICM"u8);

        var meta = BuildMeta(file, syntax);
        using (var group = new MemoryStream())
        {
            using (var groupWriter = new BinaryWriter(group, Encoding.ASCII, leaveOpen: true))
                foreach (var element in meta) WriteElement(groupWriter, element);
            WriteElement(writer, DicomElement.FromBytes(DicomTag.FileMetaInformationGroupLength, DicomVR.UL, UInt32((uint)group.Length)));
            writer.Write(group.GetBuffer(), 0, (int)group.Length);
        }
        foreach (var element in file.Dataset)
            if (element.Tag.Group != 0x0002) WriteElement(writer, element);
    }

    private static DicomDataset BuildMeta(DicomFile file, DicomTransferSyntax syntax)
    {
        var meta = new DicomDataset();
        meta.Add(DicomElement.FromBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 }));
        meta.Set(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, file.Dataset.GetString(DicomTag.SOPClassUID) ?? file.Meta.GetString(DicomTag.MediaStorageSOPClassUID) ?? "");
        meta.Set(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, file.Dataset.GetString(DicomTag.SOPInstanceUID) ?? file.Meta.GetString(DicomTag.MediaStorageSOPInstanceUID) ?? "");
        meta.Set(DicomTag.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        meta.Set(DicomTag.ImplementationClassUID, DicomVR.UI, ImplementationClassUid);
        meta.Set(DicomTag.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        return meta;
    }

    private static void WriteElement(BinaryWriter writer, DicomElement element)
    {
        writer.Write(element.Tag.Group);
        writer.Write(element.Tag.Element);
        if (element.Items is not null)
        {
            WriteHeader(writer, DicomVR.SQ, 0xFFFFFFFF);
            foreach (var item in element.Items)
            {
                WriteDelimiter(writer, DicomTag.Item, 0xFFFFFFFF);
                foreach (var child in item) WriteElement(writer, child);
                WriteDelimiter(writer, DicomTag.ItemDelimitation, 0);
            }
            WriteDelimiter(writer, DicomTag.SequenceDelimitation, 0);
            return;
        }
        if (element.Fragments is not null)
        {
            WriteHeader(writer, DicomVR.OB, 0xFFFFFFFF);
            WriteDelimiter(writer, DicomTag.Item, 0);
            foreach (var fragment in element.Fragments)
            {
                var padded = fragment.Length + (fragment.Length & 1);
                WriteDelimiter(writer, DicomTag.Item, (uint)padded);
                writer.Write(fragment.Span);
                if (padded != fragment.Length) writer.Write((byte)0);
            }
            WriteDelimiter(writer, DicomTag.SequenceDelimitation, 0);
            return;
        }
        var value = element.RawValue.Span;
        var length = value.Length + (value.Length & 1);
        var vr = element.VR;
        if (!DicomVRInfo.HasLongLength(vr) && length > ushort.MaxValue)
            throw new InvalidOperationException($"Element {element.Tag} of VR {vr} holds {length} bytes, more than the 65534 its 16-bit length allows.");
        WriteHeader(writer, vr, (uint)length);
        writer.Write(value);
        if (length != value.Length) writer.Write(DicomVRInfo.PaddingByte(vr));
    }

    private static void WriteHeader(BinaryWriter writer, DicomVR vr, uint length)
    {
        var (first, second) = DicomVRInfo.Letters(vr);
        writer.Write(first);
        writer.Write(second);
        if (DicomVRInfo.HasLongLength(vr))
        {
            writer.Write((ushort)0);
            writer.Write(length);
        }
        else writer.Write((ushort)length);
    }

    private static void WriteDelimiter(BinaryWriter writer, DicomTag tag, uint length)
    {
        writer.Write(tag.Group);
        writer.Write(tag.Element);
        writer.Write(length);
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
