using Analysis.Genomics.Io;

namespace Analysis.Genomics.Vcf;

/// <summary>The header of a VCF 4.x file: its meta-information lines and the sample names of the <c>#CHROM</c> line.</summary>
public sealed class VcfHeader
{
    private static readonly string[] FixedColumns = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"];

    private VcfHeader(string file, IReadOnlyList<VcfMetaLine> meta, IReadOnlyList<string> samples, bool hasFormat,
        Dictionary<string, VcfFieldDefinition> info, Dictionary<string, VcfFieldDefinition> format)
    {
        File = file;
        Meta = meta;
        Samples = samples;
        HasFormatColumn = hasFormat;
        Info = info;
        Format = format;
        Filters = meta.Where(m => m.Key == "FILTER" && m.Fields is not null && m.Fields.ContainsKey("ID"))
            .ToDictionary(m => m.Fields!["ID"], m => m.Fields!.GetValueOrDefault("Description") ?? "");
        Contigs = [.. meta.Where(m => m.Key == "contig" && m.Fields is not null && m.Fields.ContainsKey("ID"))
            .Select(m => new VcfContig(m.Fields!["ID"], long.TryParse(m.Fields!.GetValueOrDefault("length"), out var n) ? n : null))];
    }

    /// <summary>The file (or stream) name used in messages.</summary>
    public string File { get; }

    /// <summary>The <c>##fileformat</c> value, e.g. <c>VCFv4.2</c>.</summary>
    public string FileFormat => Meta[0].Value;

    /// <summary>Every meta-information line, in file order.</summary>
    public IReadOnlyList<VcfMetaLine> Meta { get; }

    /// <summary>The INFO fields declared, by id.</summary>
    public IReadOnlyDictionary<string, VcfFieldDefinition> Info { get; }

    /// <summary>The FORMAT fields declared, by id.</summary>
    public IReadOnlyDictionary<string, VcfFieldDefinition> Format { get; }

    /// <summary>The filters declared, id to description.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; }

    /// <summary>The contigs declared, in order.</summary>
    public IReadOnlyList<VcfContig> Contigs { get; }

    /// <summary>The sample names, in column order.</summary>
    public IReadOnlyList<string> Samples { get; }

    /// <summary>Whether the <c>#CHROM</c> line has a FORMAT column (it does whenever there are samples).</summary>
    public bool HasFormatColumn { get; }

    /// <summary>The values of every meta line with <paramref name="key"/> (e.g. <c>reference</c>, <c>source</c>).</summary>
    public IEnumerable<string> this[string key] => Meta.Where(m => m.Key == key).Select(m => m.Value);

    internal static VcfHeader Read(TextSource source)
    {
        var meta = new List<VcfMetaLine>();
        var info = new Dictionary<string, VcfFieldDefinition>();
        var format = new Dictionary<string, VcfFieldDefinition>();
        GenomicsFormatException Error(string reason) => new(source.Name, source.LineNumber, reason);
        while (source.ReadLine() is { } line)
        {
            if (line.StartsWith("##", StringComparison.Ordinal))
            {
                var m = ParseMeta(line, Error);
                if (meta.Count == 0 && (m.Key != "fileformat" || !m.Value.StartsWith("VCFv4.", StringComparison.Ordinal)))
                    throw Error($"the first line must be ##fileformat=VCFv4.x, not '{Shorten(line)}'");
                if (m.Key is "INFO" or "FORMAT")
                {
                    var definition = Definition(m, Error);
                    if (m.Key == "FORMAT" && definition.Type == VcfType.Flag) throw Error($"FORMAT {definition.Id} cannot be a Flag");
                    (m.Key == "INFO" ? info : format)[definition.Id] = definition;
                }
                meta.Add(m);
                continue;
            }
            if (meta.Count == 0) throw Error("the first line must be ##fileformat=VCFv4.x");
            if (!line.StartsWith("#CHROM", StringComparison.Ordinal)) throw Error("expected the #CHROM header line after the ## lines");
            var columns = line.Split('\t');
            for (var i = 0; i < FixedColumns.Length; i++)
                if (i >= columns.Length || columns[i] != FixedColumns[i])
                    throw Error($"header column {i + 1} must be {FixedColumns[i]}, not '{(i < columns.Length ? columns[i] : "")}'");
            var hasFormat = columns.Length > 8;
            if (hasFormat && columns[8] != "FORMAT") throw Error($"header column 9 must be FORMAT, not '{columns[8]}'");
            var samples = columns.Skip(9).ToList();
            var repeated = samples.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null) throw Error($"sample '{repeated.Key}' appears twice");
            return new VcfHeader(source.Name, meta, samples, hasFormat, info, format);
        }
        throw new GenomicsFormatException(source.Name, source.LineNumber, meta.Count == 0 ? "the file is empty" : "no #CHROM header line");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";

    private static VcfFieldDefinition Definition(VcfMetaLine m, Func<string, GenomicsFormatException> error)
    {
        var fields = m.Fields ?? throw error($"##{m.Key} must be structured: <ID=...,Number=...,Type=...,Description=\"...\">");
        string Field(string name) => fields.TryGetValue(name, out var v) ? v : throw error($"##{m.Key} lacks {name}");
        var id = Field("ID");
        var numberText = Field("Number");
        VcfNumber number;
        try
        {
            number = VcfNumber.Parse(numberText);
        }
        catch (FormatException e)
        {
            throw error($"##{m.Key} {id}: {e.Message}");
        }
        var typeText = Field("Type");
        if (!Enum.TryParse<VcfType>(typeText, ignoreCase: false, out var type) || !Enum.IsDefined(type))
            throw error($"##{m.Key} {id}: Type must be Integer, Float, Flag, Character or String, not '{typeText}'");
        if (type == VcfType.Flag && number != new VcfNumber(VcfNumberKind.Fixed, 0)) throw error($"##{m.Key} {id}: a Flag must have Number=0");
        return new VcfFieldDefinition(id, number, type, fields.GetValueOrDefault("Description") ?? "");
    }

    private static VcfMetaLine ParseMeta(string line, Func<string, GenomicsFormatException> error)
    {
        var eq = line.IndexOf('=');
        if (eq < 3) throw error($"a ## line must be key=value: '{Shorten(line)}'");
        var key = line[2..eq];
        var value = line[(eq + 1)..];
        if (!value.StartsWith('<')) return new VcfMetaLine(key, value, null);
        if (!value.EndsWith('>')) throw error($"##{key}=<...> is not closed with '>'");
        return new VcfMetaLine(key, value, StructuredFields(value[1..^1], key, error));
    }

    /// <summary>Splits <c>ID=x,Number=1,Description="a, \"b\""</c> at commas outside quotes.</summary>
    private static Dictionary<string, string> StructuredFields(string body, string key, Func<string, GenomicsFormatException> error)
    {
        var fields = new Dictionary<string, string>();
        var i = 0;
        while (i < body.Length)
        {
            var eq = body.IndexOf('=', i);
            if (eq < 0) throw error($"##{key}: '{body[i..]}' is not name=value");
            var name = body[i..eq].Trim();
            var value = new System.Text.StringBuilder();
            i = eq + 1;
            if (i < body.Length && body[i] == '"')
            {
                i++;
                while (i < body.Length && body[i] != '"')
                {
                    if (body[i] == '\\' && i + 1 < body.Length) i++;
                    value.Append(body[i++]);
                }
                if (i >= body.Length) throw error($"##{key}: the value of {name} has no closing quote");
                i++;
            }
            else
            {
                while (i < body.Length && body[i] != ',') value.Append(body[i++]);
            }
            if (!fields.TryAdd(name, value.ToString())) throw error($"##{key}: {name} appears twice");
            if (i < body.Length && body[i] != ',') throw error($"##{key}: expected ',' after the value of {name}");
            i++;
        }
        return fields;
    }
}
