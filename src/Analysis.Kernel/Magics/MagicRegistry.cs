namespace Analysis.Kernel.Magics;

/// <summary>The magics a kernel knows, and the parsing of magic lines at the top of a cell.</summary>
public sealed class MagicRegistry
{
    private readonly Dictionary<string, Magic> _magics = new(StringComparer.Ordinal);

    /// <summary>A registry with the built-in magics: time, who, whos, lsmagic.</summary>
    public static MagicRegistry CreateDefault() => new MagicRegistry()
        .Register(new TimeMagic()).Register(new WhoMagic(detailed: false)).Register(new WhoMagic(detailed: true)).Register(new LsMagicMagic());

    /// <summary>Every magic, by name.</summary>
    public IEnumerable<Magic> All => _magics.Values.OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>Adds or replaces a magic.</summary>
    public MagicRegistry Register(Magic magic)
    {
        _magics[magic.Name] = magic;
        return this;
    }

    /// <summary>Finds a magic by name.</summary>
    public bool TryGet(string name, out Magic magic) => _magics.TryGetValue(name, out magic!);

    /// <summary>
    /// Splits a cell into its leading magic lines and its code. Magic lines become blank
    /// lines in the code, so compile errors keep their line numbers.
    /// </summary>
    public static MagicCell Parse(string cell)
    {
        var lines = cell.Split('\n');
        var magics = new List<MagicLine>();
        for (int i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0) continue;
            if (!trimmed.StartsWith("#!", StringComparison.Ordinal)) break;
            var body = trimmed[2..];
            int space = body.IndexOfAny([' ', '\t']);
            magics.Add(new MagicLine(space < 0 ? body : body[..space], space < 0 ? "" : body[(space + 1)..].Trim(), i + 1));
            lines[i] = "";
        }
        return new MagicCell(magics, magics.Count == 0 ? cell : string.Join('\n', lines));
    }
}

/// <summary>A cell split into its magic lines and the remaining code.</summary>
public sealed record MagicCell(IReadOnlyList<MagicLine> Magics, string Code);

/// <summary>One <c>#!name arguments</c> line.</summary>
public sealed record MagicLine(string Name, string Arguments, int LineNumber);
