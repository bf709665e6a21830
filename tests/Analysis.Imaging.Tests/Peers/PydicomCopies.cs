using System.Collections.Concurrent;
using System.Text.Json;
using Analysis.Imaging.Dicom;

namespace Analysis.Imaging.Tests.Peers;

/// <summary>
/// Every writable pydicom test file, transformed and saved by us, then read by pydicom in one batch (one Python
/// start for all files keeps the suite fast). Cached per transform name.
/// </summary>
internal sealed class PydicomCopies
{
    private static readonly ConcurrentDictionary<string, Lazy<PydicomCopies>> Cache = new();

    public static PydicomCopies Get(string name, Func<DicomFile, DicomFile> transform) =>
        Cache.GetOrAdd(name, _ => new Lazy<PydicomCopies>(() => new PydicomCopies(transform))).Value;

    public Dictionary<string, string> CopyOf { get; } = [];

    public Dictionary<string, JsonElement> Pydicom { get; } = [];

    private PydicomCopies(Func<DicomFile, DicomFile> transform)
    {
        var folder = TempFolders.Create("copies-");
        foreach (var file in WriterTests.Readable())
        {
            var copy = Path.Combine(folder, CopyOf.Count + ".dcm");
            transform(DicomFile.Open(Path.Combine(PydicomReference.DataDirectory.Value, file))).Save(copy);
            CopyOf[file] = copy;
        }
        foreach (var (entry, file) in PydicomReference.Dump(CopyOf.Values.ToList()).Zip(CopyOf.Keys))
            Pydicom[file] = entry;
    }
}
