using System.Text.Json;

namespace Analysis.Imaging.Tests.Peers;

/// <summary>
/// What pydicom reads from a set of files (run once per set, shared by the tests): every file its Debian package
/// ships (<see cref="Instance"/>), and files pydicom writes for the pixel types those lack (<see cref="Generated"/>).
/// </summary>
internal sealed class PydicomReference
{
    public static readonly Lazy<string> DataDirectory = new(() =>
        Python.Eval("import pydicom.data, os; print(os.path.dirname(pydicom.data.__file__))"));

    private static readonly Lazy<PydicomReference> Shipped = new(() => new PydicomReference(DataDirectory.Value, Files()));

    private static readonly Lazy<PydicomReference> Written = new(() =>
    {
        var folder = TempFolders.Create("pydicom-generated-");
        var names = Python.Run(Python.ScriptPath("pydicom_generate.py"), folder).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new PydicomReference(folder, names);
    });

    /// <summary>pydicom's reading of the files it ships.</summary>
    public static PydicomReference Instance => Shipped.Value;

    /// <summary>pydicom's reading of the files pydicom_generate.py writes (names in <see cref="GeneratedNames"/>).</summary>
    public static PydicomReference Generated => Written.Value;

    /// <summary>The files pydicom_generate.py writes, one per pixel type or layout the shipped files lack.</summary>
    public static readonly string[] GeneratedNames =
    [
        "gen_uint8.dcm", "gen_int8_rescaled.dcm", "gen_uint16_12bits_overlay.dcm", "gen_int16_12bits_overlay.dcm", "gen_uint16_12bits_high15.dcm",
        "gen_int16_3frames_rescaled.dcm", "gen_uint32.dcm", "gen_uint32_be.dcm", "gen_int32_rescaled.dcm", "gen_int32_20bits_be.dcm",
        "gen_uint64.dcm", "gen_int64_rescaled.dcm", "gen_float32.dcm", "gen_float32_be_2frames.dcm", "gen_float64.dcm", "gen_float64_be.dcm",
    ];

    /// <summary>Every DICOM-looking file of pydicom's data directory, relative to it.</summary>
    public static IReadOnlyList<string> Files()
    {
        var root = DataDirectory.Value;
        string[] skipped = [".py", ".pyc", ".json", ".txt", ".md", ".dump", ".gz"];
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !skipped.Contains(Path.GetExtension(f)) && !f.Contains("__pycache__", StringComparison.Ordinal) && Path.GetFileName(f) != "README")
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
    }

    private readonly Dictionary<string, (JsonElement Entry, int Index)> _entries = [];

    public string Root { get; }

    public string OutputDirectory { get; } = TempFolders.Create("pydicom-reference-");

    private PydicomReference(string root, IReadOnlyList<string> files)
    {
        Root = root;
        var index = 0;
        foreach (var entry in Dump(files.Select(f => Path.Combine(root, f)).ToList(), OutputDirectory))
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

    public IEnumerable<string> Names => _entries.Keys;

    public (JsonElement Entry, int Index) this[string file] => _entries[file];

    public string PathOf(string file) => Path.Combine(Root, file);

    public string BinPath(int index, string kind) => Path.Combine(OutputDirectory, $"{index}.{kind}.bin");
}
