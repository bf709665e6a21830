using System.Globalization;
using System.Text.Json;
using Analysis.Imaging.Deidentification;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

public sealed class DeidentificationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deid-").FullName;
    private readonly DicomDeidentifier _deidentifier = new("test key");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Deidentified_series_read_by_pydicom_keeps_links_and_loses_identity()
    {
        var originals = SyntheticCt.WriteSeries(Path.Combine(_folder, "in"), 3, 8, 8);
        var outputs = originals.Select((path, i) =>
        {
            var output = Path.Combine(_folder, $"out{i}.dcm");
            _deidentifier.Deidentify(DicomFile.Open(path)).Save(output);
            return output;
        }).ToList();
        var before = PydicomReference.Dump(originals);
        var after = PydicomReference.Dump(outputs);
        var pseudonym = _deidentifier.Pseudonym("PAT-0042");
        for (var i = 0; i < outputs.Count; i++)
        {
            Assert.Equal(pseudonym, Text(after[i], "00100010"));
            Assert.Equal(pseudonym, Text(after[i], "00100020"));
            Assert.Equal("YES", Text(after[i], "00120062"));
            Assert.Equal(DicomDeidentifier.Method, Text(after[i], "00120063"));
            Assert.Null(Text(after[i], "00080080"));           // Institution Name removed
            Assert.Equal("", Text(after[i], "00100030"));      // Birth date emptied
            Assert.Equal("", Text(after[i], "00080090"));      // Referring physician emptied
            Assert.Null(Text(after[i], "00100040"));           // Sex removed (no Retain Patient Characteristics)
            AssertClean(after[i].GetProperty("elements"), outputs[i]);
            var shift = DateOnly.ParseExact(Text(before[i], "00080020")!, "yyyyMMdd", CultureInfo.InvariantCulture).DayNumber
                - DateOnly.ParseExact(Text(after[i], "00080020")!, "yyyyMMdd", CultureInfo.InvariantCulture).DayNumber;
            Assert.Equal(_deidentifier.DateShiftDays("PAT-0042"), shift);
            Assert.Equal(Text(before[i], "00080016"), Text(after[i], "00080016"));   // SOP Class UID kept
        }
        // One series and study still, distinct instances, none of the original UIDs.
        Assert.Single(after.Select(a => Text(a, "0020000E")).Distinct());
        Assert.Single(after.Select(a => Text(a, "0020000D")).Distinct());
        Assert.Equal(3, after.Select(a => Text(a, "00080018")).Distinct().Count());
        Assert.DoesNotContain(Text(before[0], "0020000E"), after.Select(a => Text(a, "0020000E")));
        // pydicom's own UID check: every UID we made is a valid one.
        var uids = after.SelectMany(a => UidsIn(a.GetProperty("elements"))).Distinct().ToList();
        Assert.Equal("True", Python.Eval($"from pydicom.uid import UID; print(all(UID(u).is_valid for u in {JsonSerializer.Serialize(uids)}))"));
    }

    [Fact]
    public void Same_key_gives_same_pseudonyms_and_another_key_does_not()
    {
        var other = new DicomDeidentifier("another key");
        Assert.Equal(_deidentifier.PseudonymizeUid("1.2.3.4"), new DicomDeidentifier("test key").PseudonymizeUid("1.2.3.4"));
        Assert.NotEqual(_deidentifier.PseudonymizeUid("1.2.3.4"), other.PseudonymizeUid("1.2.3.4"));
        Assert.NotEqual(_deidentifier.Pseudonym("A"), other.Pseudonym("A"));
        Assert.InRange(_deidentifier.DateShiftDays("A"), 1, 3650);
    }

    [Fact]
    public void The_original_file_is_left_unchanged()
    {
        var path = SyntheticCt.WriteSeries(Path.Combine(_folder, "in"), 1, 4, 4)[0];
        var original = DicomFile.Open(path);
        _deidentifier.Deidentify(original);
        Assert.Equal("Müller^Anna", original.Dataset.GetString(DicomTag.PatientName));
        Assert.True(original.Dataset.Contains(new DicomTag(0x0029, 0x1001)));
    }

    public static TheoryData<string> Files() => new(WriterTests.Readable());

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_pydicom_test_file_deidentifies_to_a_file_pydicom_reads(string file)
    {
        var dump = PydicomCopies.Get("deidentified", new DicomDeidentifier("test key").Deidentify).Pydicom[file];
        Assert.False(dump.TryGetProperty("error", out var error), $"pydicom cannot read the de-identified {file}: {error}");
        Assert.Equal("YES", Text(dump, "00120062"));
        AssertClean(dump.GetProperty("elements"), file);
    }

    private static string? Text(JsonElement dump, string tag)
    {
        var element = dump.GetProperty("elements").EnumerateArray().FirstOrDefault(e => e.GetProperty("tag").GetString() == tag);
        if (element.ValueKind == JsonValueKind.Undefined) return null;
        return string.Join('\\', element.GetProperty("value").EnumerateArray().Select(v => v.GetString()));
    }

    // No private element anywhere, and every UID either a standard one or one of our 2.25 pseudonyms.
    private static void AssertClean(JsonElement elements, string where)
    {
        foreach (var element in elements.EnumerateArray())
        {
            var tag = element.GetProperty("tag").GetString()!;
            var group = Convert.ToInt32(tag[..4], 16);
            Assert.False(group % 2 == 1 && group > 8, $"{where}: private element {tag} survived");
            if (element.GetProperty("vr").GetString() == "SQ" && element.TryGetProperty("value", out var items))
                foreach (var item in items.EnumerateArray()) AssertClean(item, where);
        }
        foreach (var uid in UidsIn(elements))
            Assert.True(uid.StartsWith("1.2.840.10008.", StringComparison.Ordinal) || uid.StartsWith("2.25.", StringComparison.Ordinal), $"{where}: UID {uid} kept");
    }

    private static IEnumerable<string> UidsIn(JsonElement elements) => elements.EnumerateArray().SelectMany(e =>
        e.GetProperty("vr").GetString() switch
        {
            "UI" when e.TryGetProperty("value", out var v) => v.EnumerateArray().Select(u => u.GetString()!),
            "SQ" when e.TryGetProperty("value", out var items) => items.EnumerateArray().SelectMany(UidsIn),
            _ => [],
        });
}
