using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analysis.Cli.Run;

/// <summary>A notebook that cannot be run: not JSON, not a notebook, or an nbformat we do not write.</summary>
public sealed class NotebookException(string message) : Exception(message);

/// <summary>
/// An nbformat 4 notebook kept as its JSON tree, so every member we do not touch (metadata of other tools, attachments)
/// is written back as it was. Only what a run changes is modelled: cells, their sources, outputs and metadata.
/// </summary>
public sealed class Notebook
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Notebook(JsonObject root, string path)
    {
        Root = root;
        Path = path;
    }

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>Where it was read from.</summary>
    public string Path { get; }

    /// <summary>The cells, in order.</summary>
    public JsonArray Cells => Root["cells"]!.AsArray();

    /// <summary>The notebook's metadata object (created when missing).</summary>
    public JsonObject Metadata => Root["metadata"] as JsonObject ?? (JsonObject)(Root["metadata"] = new JsonObject());

    /// <summary>nbformat_minor: 5 and later give every cell an id.</summary>
    public int Minor => Root["nbformat_minor"]?.GetValue<int>() ?? 0;

    /// <summary>The kernelspec name the notebook asks for, if any.</summary>
    public string? KernelName => (Metadata["kernelspec"] as JsonObject)?["name"]?.GetValue<string>();

    /// <summary>Reads and checks a notebook: JSON, nbformat 4, a list of cells each with a type and a source.</summary>
    /// <exception cref="NotebookException">The file is missing, is not a notebook, or has another nbformat.</exception>
    public static Notebook Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookException($"{path}: cannot read the notebook: {e.Message}");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new NotebookException($"{path}: not a notebook: it is not JSON ({e.Message})");
        }
        if (node is not JsonObject root || root["cells"] is not JsonArray cells)
            throw new NotebookException($"{path}: not a notebook: no \"cells\" list at the top level");
        if (root["nbformat"] is not JsonValue v || !v.TryGetValue(out int major))
            throw new NotebookException($"{path}: not a notebook: no \"nbformat\" version number");
        if (major != 4)
            throw new NotebookException($"{path}: nbformat {major} is not supported; this tool runs nbformat 4 notebooks (convert it with `jupyter nbconvert --to notebook --nbformat 4`)");
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell || cell["cell_type"]?.GetValueKind() != JsonValueKind.String || cell["source"] is null)
                throw new NotebookException($"{path}: not a notebook: cell {i + 1} has no cell_type or source");
        }
        return new Notebook(root, System.IO.Path.GetFullPath(path));
    }

    /// <summary>A cell's source as one string (nbformat allows a string or a list of lines).</summary>
    public static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonNode s => s.GetValue<string>(),
        _ => "",
    };

    /// <summary>Source as nbformat writes it: a list of lines, each but the last ending in a newline.</summary>
    public static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>The tags of a cell.</summary>
    public static IReadOnlyList<string> Tags(JsonObject cell) =>
        (cell["metadata"] as JsonObject)?["tags"] is JsonArray tags ? [.. tags.Select(t => t?.GetValue<string>() ?? "")] : [];

    /// <summary>The cell's metadata object (created when missing).</summary>
    public static JsonObject CellMetadata(JsonObject cell) => cell["metadata"] as JsonObject ?? (JsonObject)(cell["metadata"] = new JsonObject());

    /// <summary>A new cell of <paramref name="type"/> with an id when the notebook's minor version asks for one.</summary>
    public JsonObject NewCell(string type, string source, params string[] tags)
    {
        var cell = new JsonObject { ["cell_type"] = type };
        if (Minor >= 5) cell["id"] = Guid.NewGuid().ToString("N")[..8];
        cell["metadata"] = tags.Length == 0 ? new JsonObject() : new JsonObject { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]) };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        cell["source"] = Lines(source);
        return cell;
    }

    /// <summary>The document as nbformat writes it (one-space indent, a final newline).</summary>
    public string ToJson() => Root.ToJsonString(Indented) + "\n";

    /// <summary>Writes the notebook to <paramref name="path"/> atomically, so a reader never sees half of it.</summary>
    public void Save(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, ToJson(), new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }
}
