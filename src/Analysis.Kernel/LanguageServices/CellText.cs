using Analysis.Kernel.Magics;

namespace Analysis.Kernel.LanguageServices;

/// <summary>Turns a cell as the front end sends it into the C# the compiler sees.</summary>
internal static class CellText
{
    /// <summary>
    /// The cell with its magic lines blanked by spaces. The kernel strips those lines before
    /// compiling; blanking keeps every other character at its index, so cursor positions
    /// stay valid.
    /// </summary>
    public static string WithoutMagics(string cell)
    {
        var magics = MagicRegistry.Parse(cell).Magics;
        if (magics.Count == 0) return cell;
        var lines = cell.Split('\n');
        foreach (var magic in magics)
            lines[magic.LineNumber - 1] = new string(' ', lines[magic.LineNumber - 1].Length);
        return string.Join('\n', lines);
    }
}
