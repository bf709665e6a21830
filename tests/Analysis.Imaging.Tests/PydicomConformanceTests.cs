using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Pixels;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

/// <summary>
/// Every file shipped with Debian's pydicom: our tags and pixels against what pydicom reads, plus files pydicom writes
/// for the pixel types its own files lack. Each theory gets only the files its check applies to, sorted into cases
/// from pydicom's reading (<see cref="CaseOf"/>); <see cref="Every_file_falls_in_exactly_one_case"/> shows that no file is
/// left out, so no row can pass without asserting.
/// </summary>
public sealed class PydicomConformanceTests
{
    private const string RleLossless = "1.2.840.10008.1.2.5";

    /// <summary>How a shipped file is checked (pydicom reads them all; <see cref="Tags_match_pydicom"/> asserts it).</summary>
    public enum Case
    {
        /// <summary>Cut short or shifted on purpose; pydicom reads what it can, we refuse at the element that runs past the end.</summary>
        Damaged,
        /// <summary>Read by both, no pixel data: tags compared.</summary>
        NoPixels,
        /// <summary>Pixel data compressed other than RLE: tags compared, pixels refused naming the transfer syntax.</summary>
        Compressed,
        /// <summary>pydicom refuses the pixel data: tags compared, pixels refused naming the element.</summary>
        PixelsRefused,
        /// <summary>Tags and pixels compared.</summary>
        PixelsDecoded,
    }

    /// <summary>Files cut short (or shifted by a byte) on purpose by pydicom's authors, which it reads leniently.</summary>
    private static readonly HashSet<string> DamagedFilesPydicomReadsAnyway =
        ["test_files/MR_truncated.dcm", "test_files/rtplan_truncated.dcm", "test_files/no_meta.dcm", "test_files/dicomdirtests/DICOMDIR-nooffset"];

    internal static Case CaseOf(string file)
    {
        var (reference, _) = PydicomReference.Instance[file];
        if (DamagedFilesPydicomReadsAnyway.Contains(file)) return Case.Damaged;
        if (!reference.GetProperty("pixels").GetBoolean()) return Case.NoPixels;
        if (reference.GetProperty("compressed").GetBoolean() && reference.GetProperty("transfer_syntax").GetString() != RleLossless) return Case.Compressed;
        return reference.TryGetProperty("pixel_error", out _) ? Case.PixelsRefused : Case.PixelsDecoded;
    }

    private static List<string> Of(params Case[] cases) => PydicomReference.Files().Where(f => cases.Contains(CaseOf(f))).ToList();

    private static readonly Case[] ReadableCases = [Case.NoPixels, Case.Compressed, Case.PixelsRefused, Case.PixelsDecoded];

    private static TheoryData<string> FilesIn(params Case[] cases) => new(Of(cases));

    public static TheoryData<string> Readable => FilesIn(ReadableCases);
    public static TheoryData<string> Damaged => FilesIn(Case.Damaged);
    public static TheoryData<string> Compressed => FilesIn(Case.Compressed);
    public static TheoryData<string> PixelsRefused => FilesIn(Case.PixelsRefused);
    public static TheoryData<string> PixelsDecoded => FilesIn(Case.PixelsDecoded);
    public static TheoryData<string> Generated => new(PydicomReference.GeneratedNames);

    [Fact]
    public void Every_file_falls_in_exactly_one_case()
    {
        var files = PydicomReference.Files();
        var cases = files.ToLookup(CaseOf);
        // Every case has files (so every theory has rows), and the theories' rows together are every file.
        foreach (var c in Enum.GetValues<Case>()) Assert.True(cases[c].Any(), $"no pydicom file is {c}");
        Assert.Equal(files.Count, Of(ReadableCases).Count + Of(Case.Damaged).Count);
        Assert.Equal(files.Order(StringComparer.Ordinal), Of(ReadableCases).Concat(Of(Case.Damaged)).Order(StringComparer.Ordinal));
        Assert.Equal(Of(ReadableCases).Count - cases[Case.NoPixels].Count(), Of(Case.Compressed).Count + Of(Case.PixelsRefused).Count + Of(Case.PixelsDecoded).Count);
        // Every file pydicom read tags from but we did not compare pixels of indeed has no pixel data.
        foreach (var file in cases[Case.NoPixels])
            Assert.False(DicomFile.Open(PydicomReference.Instance.PathOf(file)).Dataset.Contains(DicomTag.PixelData), file);
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public void Tags_match_pydicom(string file)
    {
        var (reference, _) = PydicomReference.Instance[file];
        // pydicom reads every file it ships; one it could not would need a check of its own (we would have to refuse it).
        Assert.False(reference.TryGetProperty("error", out var error), $"pydicom cannot read {file}: {error}");
        var ours = DicomFile.Open(PydicomReference.Instance.PathOf(file));
        var problems = new List<string>();
        Compare("meta", ours.Meta, reference.GetProperty("meta"), problems);
        Compare("", ours.Dataset, reference.GetProperty("elements"), problems);
        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems.Take(30))}");
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public void Tags_only_equal_the_whole_read_up_to_the_pixel_data(string file)
    {
        var path = PydicomReference.Instance.PathOf(file);
        var whole = DicomFile.Open(path);
        var tags = DicomFile.OpenTags(path);
        Assert.Equal(whole.TransferSyntax, tags.TransferSyntax);
        AssertSameElements(whole.Meta, tags.Meta, file);
        AssertSameElements(whole.Dataset, tags.Dataset, file, beforePixels: true);
        Assert.False(tags.Dataset.Contains(DicomTag.PixelData), file);
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Tags_only_of_damaged_files_are_refused_as_the_whole_read_unless_the_damage_is_in_the_pixel_data(string file)
    {
        var path = PydicomReference.Instance.PathOf(file);
        var whole = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
        try
        {
            var tags = DicomFile.OpenTags(path);
            // Read: then the whole read failed at or after the pixel data, which the tags-only read never reaches.
            Assert.True(whole.Tag is { Group: >= 0x7FE0 }, $"{file}: tags-only read succeeded but the whole read failed at {whole.Tag}: {whole.Message}");
            Assert.False(tags.Dataset.Contains(DicomTag.PixelData), file);
        }
        catch (DicomFormatException refusal)
        {
            Assert.Equal(whole.Message, refusal.Message);
            Assert.Equal(whole.Offset, refusal.Offset);
        }
    }

    /// <summary>Same tags, VRs, offsets, bytes and items, recursively; <paramref name="beforePixels"/> compares only the whole read's elements before group 7FE0.</summary>
    internal static void AssertSameElements(DicomDataset expected, DicomDataset actual, string file, bool beforePixels = false)
    {
        var wanted = expected.Where(e => !beforePixels || e.Tag.Group < 0x7FE0).ToList();
        Assert.Equal(wanted.Select(e => e.Tag), actual.Select(e => e.Tag));
        foreach (var (e, a) in wanted.Zip(actual))
        {
            Assert.True(e.VR == a.VR && e.Offset == a.Offset && e.RawValue.Span.SequenceEqual(a.RawValue.Span), $"{file}: {e.Tag} differs");
            Assert.Equal(e.Items?.Count, a.Items?.Count);
            for (var i = 0; i < (e.Items?.Count ?? 0); i++) AssertSameElements(e.Items![i], a.Items![i], file);
        }
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Damaged_files_are_refused_where_an_element_runs_past_the_end(string file)
    {
        // pydicom reads what it can of these; we refuse, saying which element runs past the end and where.
        var path = PydicomReference.Instance.PathOf(file);
        var refusal = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
        Assert.True(refusal.Offset >= 0 && refusal.Offset < new FileInfo(path).Length, refusal.Message);
        Assert.Contains("remain", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Compressed))]
    public void Compressed_pixels_are_refused_naming_the_transfer_syntax(string file)
    {
        var ours = DicomFile.Open(PydicomReference.Instance.PathOf(file));
        var refusal = Assert.Throws<NotSupportedException>(() => ours.GetPixels());
        Assert.Contains(ours.TransferSyntax.Uid, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(ours.TransferSyntax.Name, refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PixelsRefused))]
    public void Pixel_data_pydicom_refuses_are_refused_naming_the_element(string file)
    {
        // pydicom refuses these pixel data (truncated, missing attributes): so must we, with the element named.
        var ours = DicomFile.Open(PydicomReference.Instance.PathOf(file));
        var refusal = Assert.Throws<DicomFormatException>(() => ours.GetPixels(PixelValues.Stored));
        Assert.NotNull(refusal.Tag);
    }

    [Theory]
    [MemberData(nameof(PixelsDecoded))]
    public void Pixels_match_pydicom_exactly(string file) => AssertPixelsMatch(PydicomReference.Instance, file);

    [Theory]
    [MemberData(nameof(Generated))]
    public void Pixels_of_every_type_pydicom_writes_match_exactly(string file) => AssertPixelsMatch(PydicomReference.Generated, file);

    /// <summary>
    /// Stored values: pydicom's dtype and the same bytes. Rescaled values (double): within 1e-12 of pydicom's
    /// <c>apply_modality_lut</c>; as float, its values rounded once. Palette display values: pydicom's <c>apply_color_lut</c>.
    /// </summary>
    private static void AssertPixelsMatch(PydicomReference pydicom, string file)
    {
        var (reference, index) = pydicom[file];
        var ours = DicomFile.Open(pydicom.PathOf(file));
        var stored = ours.GetPixels(PixelValues.Stored);
        Assert.Equal(reference.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), stored.Shape);
        Agreement.AssertSameStored(reference.GetProperty("dtype").GetString()!, File.ReadAllBytes(pydicom.BinPath(index, "stored")), stored.UntypedData, file + " stored");
        var rescaled = ours.GetPixels<double>();
        if (stored.Samples == 1)
        {
            var expected = Python.ReadDoubles(pydicom.BinPath(index, "rescaled"));
            Agreement.AssertClose(expected, rescaled.Data, file + " rescaled");
            Agreement.AssertRoundedOnce(expected, ours.GetPixels<float>().Data, file + " rescaled as float");
        }
        else Assert.Equal(stored.ToDouble(), rescaled.Data);  // the modality LUT leaves colour samples as they are
        if (stored.PhotometricInterpretation == "PALETTE COLOR")
            Agreement.AssertClose(Python.ReadDoubles(pydicom.BinPath(index, "display")), ours.GetPixels<double>(PixelValues.Display).Data, file + " palette");
    }

    [Fact]
    public void A_32_bit_stored_value_comes_back_exactly_in_its_stored_type()
    {
        // The issue's example: 4294967295 in an RLE RGB image read to 4294967296 when pixels were float32.
        var file = DicomFile.Open(PydicomReference.Instance.PathOf("test_files/SC_rgb_rle_32bit.dcm"));
        var stored = file.GetPixels<uint>(PixelValues.Stored);
        Assert.Contains(uint.MaxValue, stored.Data);
        Assert.Equal(typeof(uint), file.GetPixels(PixelValues.Stored).ElementType);
        Assert.Equal(4294967295.0, file.GetPixels<double>().Data.Max());
        var wrongType = Assert.Throws<InvalidCastException>(() => file.GetPixels<float>(PixelValues.Stored));
        Assert.Contains("uint32", wrongType.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidCastException>(() => file.GetPixels<int>());
        Assert.Throws<InvalidCastException>(() => file.GetPixels(PixelValues.Stored).As<int>());
    }

    [Fact]
    public void Stored_pixels_rescale_to_the_values_the_file_gives()
    {
        var file = DicomFile.Open(PydicomReference.Instance.PathOf("test_files/CT_small.dcm"));
        var stored = file.GetPixels(PixelValues.Stored);
        Assert.Equal(new ModalityRescale(1, -1024), stored.Rescale);
        Assert.Equal(file.GetPixels<double>().Data, stored.Rescaled().Data);
        Assert.Equal(file.GetPixels<float>().Data, stored.Rescaled<float>().Data);
        Assert.Equal(stored.As<short>().Data.Select(v => v - 1024.0), stored.Rescaled().Data);
        Assert.Throws<InvalidOperationException>(() => file.GetPixels(PixelValues.Display).Rescaled());
    }

    internal static void Compare(string path, DicomDataset ours, JsonElement reference, List<string> problems)
    {
        var theirs = reference.EnumerateArray().ToList();
        var mine = ours.ToList();
        var theirTags = theirs.Select(e => e.GetProperty("tag").GetString()!).ToList();
        var myTags = mine.Select(e => e.Tag.Value.ToString("X8", CultureInfo.InvariantCulture)).ToList();
        if (!theirTags.SequenceEqual(myTags))
        {
            problems.Add($"{path}: tags differ: only pydicom {string.Join(",", theirTags.Except(myTags))}; only ours {string.Join(",", myTags.Except(theirTags))}");
            return;
        }
        for (var i = 0; i < mine.Count; i++)
            CompareElement($"{path}/{myTags[i]}", ours, mine[i], theirs[i], problems);
    }

    private static void CompareElement(string path, DicomDataset ours, DicomElement element, JsonElement reference, List<string> problems)
    {
        var vr = reference.GetProperty("vr").GetString()!;
        // pydicom names private elements written as UN from its private dictionary (taken from GDCM); we ship none.
        if (element.VR == DicomVR.UN && element.Tag.IsPrivate && !element.Tag.IsPrivateCreator) return;
        // Implicit VR pixel data are OW (PS3.5 A.1); pydicom calls them OB when 8-bit in a file labelled explicit.
        var pixelWords = element.Tag == DicomTag.PixelData && vr is "OB" or "OW" && element.VR is DicomVR.OB or DicomVR.OW;
        if (vr != element.VR.ToString() && !pixelWords)
        {
            problems.Add($"{path}: VR {element.VR}, pydicom {vr}");
            return;
        }
        if (!reference.TryGetProperty("value", out var value)) return;
        if (element.Items is not null)
        {
            var items = value.EnumerateArray().ToList();
            if (items.Count != element.Items.Count) problems.Add($"{path}: {element.Items.Count} items, pydicom {items.Count}");
            else for (var i = 0; i < items.Count; i++) Compare($"{path}[{i}]", element.Items[i], items[i], problems);
            return;
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (element.Fragments is not null) return;
            var hash = Convert.ToHexStringLower(SHA256.HashData(element.RawValue.Span));
            if (hash != value.GetProperty("sha256").GetString())
                problems.Add($"{path}: {element.RawValue.Length} bytes differ from pydicom's {value.GetProperty("length").GetInt32()}");
            return;
        }
        var expected = value.EnumerateArray().ToList();
        if (element.VR == DicomVR.AT)
        {
            var pairs = ours.GetDoubles(element.Tag);
            var tags = Enumerable.Range(0, pairs.Length / 2).Select(i => ((long)pairs[2 * i] << 16) | (long)pairs[2 * i + 1]);
            if (!tags.SequenceEqual(expected.Select(e => e.GetInt64()))) problems.Add($"{path}: AT values differ");
            return;
        }
        if (expected.Count > 0 && expected[0].ValueKind == JsonValueKind.Number)
        {
            var numbers = ours.GetDoubles(element.Tag);
            if (!numbers.SequenceEqual(expected.Select(e => e.GetDouble())))
                problems.Add($"{path}: [{string.Join(",", numbers)}], pydicom [{string.Join(",", expected)}]");
            return;
        }
        string[] strings;
        try { strings = ours.GetStrings(element.Tag); }
        catch (NotSupportedException e) { problems.Add($"{path}: {e.Message}"); return; }
        // pydicom keeps the spaces PS3.5 6.2 calls insignificant (around CS, SH, LO... values); drop them to compare.
        var theirStrings = expected.Select(e => element.VR is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR
            ? e.GetString()!.TrimEnd(' ') : e.GetString()!.Trim(' ')).ToArray();
        if (!strings.SequenceEqual(theirStrings))
            problems.Add($"{path}: [{string.Join("|", strings)}], pydicom [{string.Join("|", theirStrings)}]");
    }
}
