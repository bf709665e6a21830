using System.Text.Json;

namespace Analysis.Imaging.Tests.Peers;

/// <summary>nibabel's reading of its own test images plus files it generates for every datatype (run once).</summary>
internal sealed class NibabelReference
{
    private static readonly Lazy<NibabelReference> Shared = new(() => new NibabelReference());

    public static NibabelReference Instance => Shared.Value;

    /// <summary>nibabel's NIfTI test files (under nibabel/tests/data).</summary>
    public static readonly string[] ShippedFiles =
        ["anatomical.nii", "example4d.nii.gz", "functional.nii", "reoriented_anat_moved.nii", "resampled_anat_moved.nii", "standard.nii.gz", "example_nifti2.nii.gz"];

    public static readonly Lazy<string> DataDirectory = new(() =>
        Python.Eval("import nibabel, os; print(os.path.join(os.path.dirname(nibabel.__file__), 'tests', 'data'))"));

    public string OutputDirectory { get; } = TempFolders.Create("nibabel-reference-");

    public IReadOnlyList<string> GeneratedFiles { get; }

    private readonly Dictionary<string, (JsonElement Entry, int Index)> _entries = [];

    private NibabelReference()
    {
        GeneratedFiles = Python.Run(Python.ScriptPath("nibabel_reference.py"), "generate", OutputDirectory)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => Path.Combine(OutputDirectory, n)).ToList();
        var all = ShippedFiles.Select(f => Path.Combine(DataDirectory.Value, f)).Concat(GeneratedFiles).ToList();
        Python.Run([Python.ScriptPath("nibabel_reference.py"), "dump", OutputDirectory, .. all]);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "dump.json")));
        var index = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            _entries[Path.GetFileName(all[index])] = (entry.Clone(), index);
            index++;
        }
    }

    public IEnumerable<string> Names => _entries.Keys;

    public (JsonElement Entry, int Index, string Path) this[string name] =>
        (_entries[name].Entry, _entries[name].Index, _entries[name].Entry.GetProperty("path").GetString()!);

    public string BinPath(int index, string kind) => System.IO.Path.Combine(OutputDirectory, $"{index}.{kind}.bin");
}
