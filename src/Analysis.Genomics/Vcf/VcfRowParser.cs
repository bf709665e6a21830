using System.Globalization;
using Analysis.Genomics.Io;

namespace Analysis.Genomics.Vcf;

/// <summary>Turns one VCF data line into a <see cref="VcfRecord"/>, typing INFO and FORMAT values from the header.</summary>
internal sealed class VcfRowParser(VcfHeader header)
{
    private static readonly VcfFieldDefinition UndeclaredValue = new("", new VcfNumber(VcfNumberKind.Unbounded, 0), VcfType.String, "");
    private readonly int _width = header.HasFormatColumn ? 9 + header.Samples.Count : 8;

    public VcfRecord Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != _width) throw new LineFormatException($"expected {_width} tab-separated columns, found {f.Length}");
        var position = FieldText.Integer(f[1], "POS");
        if (position < 0) throw new LineFormatException($"POS must be 0 or more, not {position}");
        if (f[3].Length == 0 || f[3] == ".") throw new LineFormatException("REF is empty");
        var alternates = List(f[4]);
        var format = header.HasFormatColumn ? f[8].Split(':') : [];
        return new VcfRecord
        {
            Chromosome = f[0].Length > 0 ? f[0] : throw new LineFormatException("CHROM is empty"),
            Position = position,
            Ids = f[2] == "." ? [] : f[2].Split(';'),
            Reference = f[3],
            Alternates = alternates,
            Quality = f[5] == "." ? null : Float(f[5], "QUAL"),
            Filters = f[6] == "." ? [] : f[6].Split(';'),
            Info = Info(f[7], alternates.Length),
            Format = format,
            Samples = [.. header.Samples.Select((name, i) => Sample(name, format, f[9 + i], alternates.Length))],
        };
    }

    private static string[] List(string text) => text == "." ? [] : text.Split(',');

    private Dictionary<string, object?> Info(string text, int alternates)
    {
        var info = new Dictionary<string, object?>();
        if (text == ".") return info;
        foreach (var entry in text.Split(';'))
        {
            var eq = entry.IndexOf('=');
            var key = eq < 0 ? entry : entry[..eq];
            header.Info.TryGetValue(key, out var definition);
            object? value;
            if (eq < 0)
            {
                if (definition is not null && definition.Type != VcfType.Flag)
                    throw new LineFormatException($"INFO {key} is declared {definition.Type} but has no value");
                value = true;
            }
            else
            {
                if (definition?.Type == VcfType.Flag) throw new LineFormatException($"INFO {key} is a Flag but has a value");
                value = Typed(entry[(eq + 1)..], definition ?? UndeclaredValue, $"INFO {key}", alternates, ploidy: 2);
            }
            if (!info.TryAdd(key, value)) throw new LineFormatException($"INFO {key} appears twice");
        }
        return info;
    }

    private VcfSample Sample(string name, string[] format, string text, int alternates)
    {
        var parts = text.Split(':');
        if (parts.Length > format.Length)
            throw new LineFormatException($"sample {name} has {parts.Length} fields but FORMAT lists {format.Length}");
        Genotype? genotype = null;
        var values = new Dictionary<string, object?>();
        // GT comes first when present; its ploidy decides how many values a Number=G field has.
        if (format.Length > 0 && format[0] == "GT" && parts[0] != ".")
        {
            try
            {
                genotype = Genotype.Parse(parts[0], alternates);
            }
            catch (FormatException e)
            {
                throw new LineFormatException($"sample {name}: {e.Message}");
            }
        }
        for (var i = 0; i < parts.Length; i++)
        {
            var key = format[i];
            if (!values.TryAdd(key, key == "GT" ? parts[i] : Typed(parts[i], header.Format.GetValueOrDefault(key) ?? UndeclaredValue,
                    $"sample {name} {key}", alternates, genotype?.Ploidy ?? 2)))
                throw new LineFormatException($"FORMAT lists {key} twice");
        }
        return new VcfSample(name, genotype, values);
    }

    private static object? Typed(string text, VcfFieldDefinition definition, string field, int alternates, int ploidy)
    {
        if (text == ".") return null;
        var number = definition.Number;
        if (number.IsScalar) return Scalar(text, definition.Type, field);
        var parts = text.Split(',');
        var expected = number.Kind switch
        {
            VcfNumberKind.Fixed => number.Count,
            VcfNumberKind.PerAlternate => alternates,
            VcfNumberKind.PerAllele => alternates + 1,
            VcfNumberKind.PerGenotype => Genotypes(alternates + 1, ploidy),
            _ => parts.Length,
        };
        if (parts.Length != expected)
            throw new LineFormatException($"{field} has {parts.Length} value(s) but Number={number} means {expected} here");
        return definition.Type switch
        {
            VcfType.Integer => parts.Select(p => p == "." ? (int?)null : (int)Scalar(p, VcfType.Integer, field)).ToArray(),
            VcfType.Float => parts.Select(p => p == "." ? (double?)null : (double)Scalar(p, VcfType.Float, field)).ToArray(),
            VcfType.Character => parts.Select(p => p == "." ? (char?)null : (char)Scalar(p, VcfType.Character, field)).ToArray(),
            _ => parts.Select(p => p == "." ? null : p).ToArray(),
        };
    }

    private static object Scalar(string text, VcfType type, string field) => type switch
    {
        VcfType.Integer => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
            ? i : throw new LineFormatException($"{field} is not an Integer: '{text}'"),
        VcfType.Float => Float(text, field),
        VcfType.Character => text.Length == 1 ? text[0] : throw new LineFormatException($"{field} is not a Character: '{text}'"),
        _ => text,
    };

    private static double Float(string text, string field) => text switch
    {
        "NaN" or "nan" => double.NaN,
        "Inf" or "inf" or "+Inf" or "Infinity" => double.PositiveInfinity,
        "-Inf" or "-inf" or "-Infinity" => double.NegativeInfinity,
        _ => FieldText.Float(text, field),
    };

    /// <summary>The number of unordered genotypes of <paramref name="ploidy"/> copies over <paramref name="alleles"/> alleles: C(alleles + ploidy - 1, ploidy).</summary>
    private static int Genotypes(int alleles, int ploidy)
    {
        long count = 1;
        for (var k = 1; k <= ploidy; k++) count = count * (alleles + k - 1) / k;
        return (int)count;
    }
}
