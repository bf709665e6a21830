using Analysis.Genomics.Io;

namespace Analysis.Genomics.Maf;

/// <summary>The top of a MAF: its <c>#</c> comment lines (e.g. <c>#version gdc-1.0.0</c>) and its column names.</summary>
public sealed class MafHeader
{
    internal MafHeader(string file, IReadOnlyList<string> comments, IReadOnlyList<string> columns, bool gzip)
    {
        File = file;
        Comments = comments;
        Columns = columns;
        IsGzip = gzip;
        ExtraColumns = [.. columns.Where(c => !MafColumns.ByName.ContainsKey(c))];
    }

    /// <summary>The file (or stream) name used in messages.</summary>
    public string File { get; }

    /// <summary>The comment lines before the header row, without their leading <c>#</c>.</summary>
    public IReadOnlyList<string> Comments { get; }

    /// <summary>The value of the <c>#version</c> line (e.g. <c>gdc-1.0.0</c>, <c>2.4</c>), or null without one.</summary>
    public string? Version => Comments.FirstOrDefault(c => c.StartsWith("version ", StringComparison.Ordinal))?[8..].Trim();

    /// <summary>Every column, in file order, named as the file spells it (standard columns are matched ignoring case).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The columns <see cref="MafRecord"/> does not type; their values are in <see cref="MafRecord.Extra"/>.</summary>
    public IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>Whether the file was gzip compressed.</summary>
    public bool IsGzip { get; }

    /// <summary>The required columns (those maftools requires) missing from a header row, matched ignoring case as maftools does.</summary>
    internal static IEnumerable<string> Missing(IReadOnlyList<string> columns) =>
        MafColumns.Known.Where(c => c.Required && MafColumns.IndexIn(columns, c.Name) < 0).Select(c => c.Name);

    internal static MafHeader Read(TextSource source)
    {
        var comments = new List<string>();
        while (source.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                comments.Add(line[1..]);
                continue;
            }
            var columns = line.Split('\t');
            // A standard column is one column however it is spelled, so End_Position and End_position together repeat it.
            var repeated = columns.GroupBy(c => MafColumns.ByName.TryGetValue(c, out var known) ? known.Name : c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
                throw new GenomicsFormatException(source.Name, source.LineNumber, repeated.Distinct().Count() == 1
                    ? $"header repeats the column '{repeated.Key}'"
                    : $"header repeats the column '{repeated.Key}' (as {string.Join(" and ", repeated.Select(c => $"'{c}'"))})");
            var missing = Missing(columns).ToList();
            if (missing.Count > 0)
                throw new GenomicsFormatException(source.Name, source.LineNumber, $"header lacks the required column(s) {string.Join(", ", missing)}");
            return new MafHeader(source.Name, comments, columns, source.IsGzip);
        }
        throw new GenomicsFormatException(source.Name, 0, "no header row (the file is empty or only has # lines)");
    }
}
