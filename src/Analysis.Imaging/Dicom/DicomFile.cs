using System.Buffers.Binary;
using System.IO.Compression;

namespace Analysis.Imaging.Dicom;

/// <summary>
/// A DICOM Part 10 file: the file meta information (group 0002) and the dataset. Open one with
/// <see cref="Open"/> or <see cref="OpenAsync"/>, read tags with <c>file.Dataset.GetString(DicomTag.PatientName)</c>,
/// pixels with <see cref="GetPixels"/>, and save with <see cref="Save(string)"/> (explicit VR little endian).
/// </summary>
public sealed class DicomFile
{
    private static readonly byte[] Magic = "DICM"u8.ToArray();

    /// <summary>Default bound on the inflated size of a deflated dataset, against decompression bombs.</summary>
    public const long DefaultMaxInflatedBytes = 1L << 30;

    /// <summary>Creates a file from a meta group and dataset (the writer fills in the meta elements it needs).</summary>
    public DicomFile(DicomDataset meta, DicomDataset dataset, DicomTransferSyntax transferSyntax, string? source = null)
    {
        Meta = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        Source = source;
    }

    /// <summary>A new file holding a dataset, to be saved in explicit VR little endian (the meta group is made on saving).</summary>
    public static DicomFile Create(DicomDataset dataset) =>
        new(new DicomDataset(), dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

    /// <summary>The file meta information (group 0002), always explicit VR little endian; empty when the file had none.</summary>
    public DicomDataset Meta { get; }

    /// <summary>The dataset: every element after the meta group.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the dataset was encoded with.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>The path the file was read from, or null.</summary>
    public string? Source { get; }

    /// <summary>Reads a file from disk.</summary>
    /// <exception cref="DicomFormatException">The file is not DICOM or is corrupt (the message has the byte offset and tag).</exception>
    public static DicomFile Open(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>
    /// Reads a file's elements up to the pixel data (group 7FE0), as pydicom's <c>stop_before_pixels</c>: for indexing,
    /// sorting or de-identifying a series by its tags without reading the images. Only the start of the file is read
    /// (more when the elements before the pixels are larger), so a 512x512 slice costs a few kilobytes, not half a
    /// megabyte. The dataset then has no pixel data and no element after it; <see cref="GetPixels"/> says so.
    /// </summary>
    /// <exception cref="DicomFormatException">The file is not DICOM or is corrupt before its pixel data (the message has the byte offset and tag).</exception>
    public static DicomFile OpenTags(string path)
    {
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        // Most headers fit in the first 16 KB; a larger one (long sequences, private blocks) doubles the read until the
        // parse no longer runs off the end of what was read. An error with the whole file read is the file's own.
        for (var size = (int)Math.Min(length, 16 * 1024); ; size = (int)Math.Min(length, 4L * size))
        {
            var bytes = GC.AllocateUninitializedArray<byte>(size);
            var read = 0;
            while (read < size && RandomAccess.Read(file, bytes.AsSpan(read), read) is var n and > 0) read += n;
            if (read == length) return Parse(bytes.AsMemory(0, read), path, DefaultMaxInflatedBytes, stopBeforePixels: true);
            try
            {
                // Part of the file: only an answer that stopped at the pixel data is whole.
                var tags = Parse(bytes.AsMemory(0, read), path, DefaultMaxInflatedBytes, stopBeforePixels: true, out var stopped);
                if (stopped) return tags;
            }
            catch (DicomFormatException) { }
        }
    }

    /// <summary>Reads a file from disk asynchronously.</summary>
    public static async Task<DicomFile> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), path);

    /// <summary>Reads a whole stream (e.g. an HTTP response body) as a DICOM file.</summary>
    public static async Task<DicomFile> ReadAsync(Stream stream, string? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
        return Parse(memory.ToArray(), source ?? "stream");
    }

    /// <summary>
    /// Parses a file held in memory. Files with the 128-byte preamble and "DICM" are read by the book; files without
    /// (bare datasets, as old ACR-NEMA-style exports are) are read when their first element shows the encoding.
    /// </summary>
    /// <param name="bytes">The file's bytes; values refer to this buffer, which must not change afterwards.</param>
    /// <param name="source">A name for error messages.</param>
    /// <param name="maxInflatedBytes">Bound on the size of a deflated dataset once inflated.</param>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, string source = "buffer", long maxInflatedBytes = DefaultMaxInflatedBytes) =>
        Parse(bytes, source, maxInflatedBytes, stopBeforePixels: false, out _);

    private static DicomFile Parse(ReadOnlyMemory<byte> bytes, string source, long maxInflatedBytes, bool stopBeforePixels) =>
        Parse(bytes, source, maxInflatedBytes, stopBeforePixels, out _);

    // stopped: whether the dataset ended at the pixel data rather than at the end of the bytes (never said of a
    // deflated dataset, which a truncated deflate stream can end early without an error).
    private static DicomFile Parse(ReadOnlyMemory<byte> bytes, string source, long maxInflatedBytes, bool stopBeforePixels, out bool stopped)
    {
        // Stopping: the top level ends at the first element of the pixel data's group (items are read whole).
        Func<ushort, bool>? beforePixels = stopBeforePixels ? group => group < 0x7FE0 : null;
        var span = bytes.Span;
        var reader = new DicomReader(bytes, source, explicitVR: true, littleEndian: true);
        var meta = new DicomDataset(source);
        if (span.Length >= 132 && span.Slice(128, 4).SequenceEqual(Magic))
            reader.Position = 132;
        else if (span.Length >= 4 && span[..4].SequenceEqual(Magic))
            reader.Position = 4;
        if (reader.Position > 0 || LooksLikeMetaGroup(span))
            reader.ReadDataset(meta, bytes.Length, 0, group => group == 0x0002);

        var dataStart = reader.Position;
        var syntax = meta.GetString(DicomTag.TransferSyntaxUID) is { Length: > 0 } uid
            ? DicomTransferSyntax.FromUid(uid)
            : Guess(span[dataStart..]) ?? throw new DicomFormatException(
                reader.Position == 0 ? "Not a DICOM file: no 'DICM' at byte 128 and no recognisable data element at byte 0"
                                     : "The file meta information has no Transfer Syntax UID and the dataset's encoding cannot be recognised",
                source, dataStart);

        var dataset = new DicomDataset(source);
        if (syntax.IsDeflated)
        {
            var inflated = Inflate(bytes[dataStart..], source, dataStart, maxInflatedBytes);
            var inner = new DicomReader(inflated, source + " (inflated dataset)", true, true);
            inner.ReadDataset(dataset, inflated.Length, 0, beforePixels);
            // A part of a deflate stream inflates to a part of the dataset without complaint: only the whole file is sure.
            stopped = false;
        }
        else
        {
            // Some writers label implicit VR data as explicit (or the reverse); the first element shows which it is.
            var explicitVR = Guess(span[dataStart..]) is { } seen && seen.IsLittleEndian == syntax.IsLittleEndian ? seen.IsExplicitVR : syntax.IsExplicitVR;
            reader.Switch(explicitVR, syntax.IsLittleEndian);
            reader.ReadDataset(dataset, bytes.Length, 0, beforePixels);
            stopped = reader.Stopped;
        }
        return new DicomFile(meta, dataset, syntax, source);
    }

    /// <summary>
    /// The pixel data decoded to an array of shape [frames, rows, columns, samples]: stored values in their stored type
    /// (pydicom's <c>pixel_array</c>: a <c>PixelArray&lt;ushort&gt;</c>, <c>PixelArray&lt;short&gt;</c>...), modality-rescaled
    /// values (the default: pydicom's <c>apply_modality_lut</c>, a <c>PixelArray&lt;double&gt;</c>) or display values
    /// (<c>PixelArray&lt;double&gt;</c>).
    /// </summary>
    /// <param name="values">Stored, rescaled (the default) or display values.</param>
    /// <exception cref="NotSupportedException">The pixel data are compressed; the message names the transfer syntax.</exception>
    /// <exception cref="DicomFormatException">The pixel data or the attributes describing them are malformed.</exception>
    public Pixels.PixelArray GetPixels(Pixels.PixelValues values = Pixels.PixelValues.Rescaled) =>
        Pixels.PixelDecoder.Decode(Dataset, TransferSyntax, values);

    /// <summary>
    /// The pixel data as a typed array: <c>GetPixels&lt;short&gt;(PixelValues.Stored)</c> for the stored values (the type
    /// must be the stored one), <c>GetPixels&lt;double&gt;()</c> or <c>GetPixels&lt;float&gt;()</c> for the modality values
    /// (computed in double either way; float halves the memory).
    /// </summary>
    /// <typeparam name="T">The stored type for stored values; double or float for rescaled and display values.</typeparam>
    /// <param name="values">Stored, rescaled (the default) or display values.</param>
    /// <exception cref="InvalidCastException">The type does not fit the values; the message names the one that does.</exception>
    /// <exception cref="NotSupportedException">The pixel data are compressed; the message names the transfer syntax.</exception>
    /// <exception cref="DicomFormatException">The pixel data or the attributes describing them are malformed.</exception>
    public Pixels.PixelArray<T> GetPixels<T>(Pixels.PixelValues values = Pixels.PixelValues.Rescaled) where T : unmanaged, System.Numerics.INumberBase<T> =>
        Pixels.PixelDecoder.Decode<T>(Dataset, TransferSyntax, values);

    /// <summary>Writes the file (explicit VR little endian unless the pixel data are encapsulated) to a stream.</summary>
    public void Save(Stream stream) => DicomWriter.Write(this, stream);

    /// <summary>Writes the file to a path.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    /// <summary>Writes the file to a path asynchronously.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        Save(memory);
        await File.WriteAllBytesAsync(path, memory.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"DICOM {Dataset.GetString(DicomTag.Modality) ?? "?"} {Dataset.GetString(DicomTag.SOPInstanceUID) ?? ""} ({TransferSyntax.Name}, {Dataset.Count} elements)";

    private static bool LooksLikeMetaGroup(ReadOnlySpan<byte> span) =>
        span.Length >= 6 && BinaryPrimitives.ReadUInt16LittleEndian(span) == 0x0002 && DicomVRInfo.TryParse(span[4], span[5], out _);

    // A bare dataset starts with a low group number (0008 usually); the VR letters or their absence, and which byte
    // order makes the group small, tell the encoding.
    private static DicomTransferSyntax? Guess(ReadOnlySpan<byte> span)
    {
        if (span.Length < 8) return null;
        var explicitVR = DicomVRInfo.TryParse(span[4], span[5], out _);
        var little = BinaryPrimitives.ReadUInt16LittleEndian(span);
        var big = BinaryPrimitives.ReadUInt16BigEndian(span);
        if (little is > 0 and <= 0x0008 || (little < big && little > 0))
            return explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        if (big is > 0 and <= 0x0008 && explicitVR)
            return DicomTransferSyntax.ExplicitVRBigEndian;
        return null;
    }

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated, string source, int offset, long maxBytes)
    {
        try
        {
            using var input = new DeflateStream(new MemoryStream(deflated.ToArray(), writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                if (output.Length + read > maxBytes)
                    throw new DicomFormatException($"The deflated dataset inflates beyond {maxBytes} bytes", source, offset);
                output.Write(chunk, 0, read);
            }
            return output.GetBuffer().AsMemory(0, (int)output.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException($"The deflated dataset is corrupt: {e.Message}", source, offset, inner: e);
        }
    }

}
