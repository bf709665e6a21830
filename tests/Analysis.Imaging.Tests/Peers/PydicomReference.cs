using System.Text.Json;

namespace Analysis.Imaging.Tests.Peers;

/// <summary>What pydicom reads from every file its Debian package ships (run once, shared by the tests).</summary>
internal sealed class PydicomReference
{
    private static readonly Lazy<PydicomReference> Shared = new(() => new PydicomReference());

    public static PydicomReference Instance => Shared.Value;

    public static readonly Lazy<string> DataDirectory = new(() =>
        Python.Eval("import pydicom.data, os; print(os.path.dirname(pydicom.data.__file__))"));

    /// <summary>Every DICOM-looking file of pydicom's data directory, relative to it.</summary>
    public static IReadOnlyList<string> Files()
    {
        var root = DataDirectory.Value;
        string[] skipped = [".py", ".pyc", ".json", ".txt", ".md", ".dump", ".gz"];
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !skipped.Contains(Path.GetExtension(f)) && !f.Contains("__pycache__", StringComparison.Ordinal) && Path.GetFileName(f) != "README")
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
    }

    public static TheoryData<string> FileData() => new(Files());

    private readonly Dictionary<string, (JsonElement Entry, int Index)> _entries = [];

    public string OutputDirectory { get; } = TempFolders.Create("pydicom-reference-");

    private PydicomReference()
    {
        var files = Files();
        var index = 0;
        foreach (var entry in Dump(files.Select(f => Path.Combine(DataDirectory.Value, f)).ToList(), OutputDirectory))
            _entries[files[index]] = (entry, index++);
    }

    /// <summary>pydicom's reading of any files (see pydicom_dump.py); pixel arrays go to outputDirectory/N.*.bin.</summary>
    public static IReadOnlyList<JsonElement> Dump(IReadOnlyList<string> paths, string? outputDirectory = null)
    {
        outputDirectory ??= TempFolders.Create("pydicom-dump-");
        Python.Run([Python.ScriptPath("pydicom_dump.py"), outputDirectory, .. paths]);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputDirectory, "dump.json")));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public (JsonElement Entry, int Index) this[string file] => _entries[file];

    public string BinPath(int index, string kind) => Path.Combine(OutputDirectory, $"{index}.{kind}.bin");
}
