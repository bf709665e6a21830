using System.Globalization;

namespace Analysis.Node.Ingest;

/// <summary>Reads a GDC MAF (tab-separated, <c>#</c> comment lines, then a header row) into mutation rows.</summary>
public static class MafParser
{
    private static readonly string[] Wanted =
        ["Tumor_Sample_Barcode", "Hugo_Symbol", "Chromosome", "Start_Position", "End_Position", "Variant_Classification",
         "Variant_Type", "Reference_Allele", "Tumor_Seq_Allele2", "HGVSp_Short"];

    /// <summary>Parses every line of a MAF.</summary>
    /// <param name="fileName">The file name, for error messages.</param>
    /// <param name="lines">The file's lines.</param>
    /// <returns>One row per variant, in <see cref="SiteTables.Mutations"/> column order.</returns>
    /// <exception cref="IngestException">The header lacks a required column or a row is malformed.</exception>
    public static List<object?[]> Parse(string fileName, IEnumerable<string> lines)
    {
        var rows = new List<object?[]>();
        int[]? index = null;
        var headerWidth = 0;
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (index is null)
            {
                index = Wanted.Select(w => Array.IndexOf(fields, w)).ToArray();
                headerWidth = fields.Length;
                foreach (var required in new[] { 0, 1 })
                    if (index[required] < 0) throw new IngestException(fileName, number, $"header lacks the column '{Wanted[required]}'");
                continue;
            }
            if (fields.Length != headerWidth)
                throw new IngestException(fileName, number, $"expected {headerWidth} tab-separated fields, found {fields.Length}");
            string? Field(int i) => index[i] >= 0 && fields[index[i]].Length > 0 ? fields[index[i]] : null;
            long? Position(int i)
            {
                var text = Field(i);
                if (text is null) return null;
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                    ? p : throw new IngestException(fileName, number, $"{Wanted[i]} is not a position: '{text}'");
            }
            if (Field(0) is null || Field(1) is null)
                throw new IngestException(fileName, number, "Tumor_Sample_Barcode and Hugo_Symbol are required");
            rows.Add([Field(0), Field(1), Field(2), Position(3), Position(4), Field(5), Field(6), Field(7), Field(8), Field(9)]);
        }
        if (index is null) throw new IngestException(fileName, 0, "no header row");
        return rows;
    }
}
