using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Pixels;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

/// <summary>Every file shipped with Debian's pydicom: our tags and pixels against what pydicom reads.</summary>
public sealed class PydicomConformanceTests
{
    public static TheoryData<string> Files => PydicomReference.FileData();

    [Theory]
    [MemberData(nameof(Files))]
    public void Tags_match_pydicom(string file)
    {
        var (reference, _) = PydicomReference.Instance[file];
        var path = Path.Combine(PydicomReference.DataDirectory.Value, file);
        if (reference.TryGetProperty("error", out var error))
        {
            // pydicom cannot read it either: we must refuse it cleanly, naming where.
            var refusal = Assert.ThrowsAny<FormatException>(() => DicomFile.Open(path));
            Assert.Contains(path, refusal.Message, StringComparison.Ordinal);
            return;
        }
        if (DamagedFilesPydicomReadsAnyway.Contains(file))
        {
            // pydicom reads what it can of these; we refuse, saying which element runs past the end and where.
            var refusal = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            Assert.True(refusal.Offset >= 0 && refusal.Offset < new FileInfo(path).Length, refusal.Message);
            Assert.Contains("remain", refusal.Message, StringComparison.Ordinal);
            return;
        }
        var ours = DicomFile.Open(path);
        var problems = new List<string>();
        Compare("meta", ours.Meta, reference.GetProperty("meta"), problems);
        Compare("", ours.Dataset, reference.GetProperty("elements"), problems);
        Assert.True(problems.Count == 0, $"{file}:\n{string.Join("\n", problems.Take(30))}");
    }

    /// <summary>Files cut short (or shifted by a byte) on purpose by pydicom's authors, which it reads leniently.</summary>
    private static readonly HashSet<string> DamagedFilesPydicomReadsAnyway =
        ["test_files/MR_truncated.dcm", "test_files/rtplan_truncated.dcm", "test_files/no_meta.dcm", "test_files/dicomdirtests/DICOMDIR-nooffset"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Pixels_match_pydicom(string file)
    {
        var (reference, index) = PydicomReference.Instance[file];
        var path = Path.Combine(PydicomReference.DataDirectory.Value, file);
        if (reference.TryGetProperty("error", out _) || !HasPixels(reference) || DamagedFilesPydicomReadsAnyway.Contains(file)) return;
        var ours = DicomFile.Open(path);
        if (ours.TransferSyntax.IsEncapsulated && ours.TransferSyntax.Uid != "1.2.840.10008.1.2.5")
        {
            var refusal = Assert.Throws<NotSupportedException>(() => ours.GetPixels());
            Assert.Contains(ours.TransferSyntax.Uid, refusal.Message, StringComparison.Ordinal);
            Assert.Contains(ours.TransferSyntax.Name, refusal.Message, StringComparison.Ordinal);
            return;
        }
        if (reference.TryGetProperty("pixel_error", out var pixelError))
        {
            // pydicom refuses these pixel data (truncated, missing attributes): so must we, with the element named.
            var refusal = Assert.Throws<DicomFormatException>(() => ours.GetPixels());
            Assert.NotNull(refusal.Tag);
            return;
        }
        var stored = ours.GetPixels(PixelValues.Stored);
        var shape = reference.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(shape, stored.Shape);
        AssertClose(Python.ReadDoubles(PydicomReference.Instance.BinPath(index, "stored")), stored.Data, file + " stored");
        var rescaledPath = PydicomReference.Instance.BinPath(index, "rescaled");
        if (File.Exists(rescaledPath))
            AssertClose(Python.ReadDoubles(rescaledPath), ours.GetPixels(PixelValues.Rescaled).Data, file + " rescaled");
        var displayPath = PydicomReference.Instance.BinPath(index, "display");
        if (File.Exists(displayPath))
            AssertClose(Python.ReadDoubles(displayPath), ours.GetPixels(PixelValues.Display).Data, file + " palette");
    }

    private static bool HasPixels(JsonElement reference) =>
        reference.GetProperty("elements").EnumerateArray().Any(e => e.GetProperty("tag").GetString() is "7FE00010" or "7FE00008" or "7FE00009");

    internal static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            if (Math.Abs(expected[i] - actual[i]) > 1e-6 * Math.Max(1, Math.Abs(expected[i])))
                Assert.Fail($"{what}: value {i} is {actual[i]}, pydicom/nibabel says {expected[i]}");
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
