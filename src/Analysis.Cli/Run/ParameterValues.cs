using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Analysis.Cli.Run;

/// <summary>A value as given on the command line or in YAML, before it meets its declared type.</summary>
public abstract record RawValue
{
    /// <summary>How the value was written, for messages.</summary>
    public abstract string Shown { get; }
}

/// <summary>A scalar: <paramref name="Text"/>, and whether it is text by construction (<c>-r</c>, a quoted YAML string).</summary>
public sealed record RawScalar(string Text, bool Quoted) : RawValue
{
    /// <inheritdoc />
    public override string Shown => Quoted ? $"\"{Text}\"" : Text;
}

/// <summary>A list.</summary>
public sealed record RawList(IReadOnlyList<RawValue> Items) : RawValue
{
    /// <inheritdoc />
    public override string Shown => $"[{string.Join(", ", Items.Select(i => i.Shown))}]";
}

/// <summary>A value converted to its parameter's type: JSON for the notebook's metadata, C# for the injected cell.</summary>
/// <param name="Json">The value in <c>metadata.papermill.parameters</c>.</param>
/// <param name="CSharp">The C# expression that produces it.</param>
public sealed record TypedValue(JsonNode? Json, string CSharp);

/// <summary>
/// Reads parameter values the way papermill does (<c>-p</c> numbers and booleans, <c>-r</c> raw strings, <c>-f</c> a YAML
/// file, <c>-y</c> a YAML string; later ones win) and checks each against the type its declaration gives, strictly.
/// </summary>
public static partial class ParameterValues
{
    /// <summary>Reads <c>-p</c>: a number, a boolean, null, a YAML flow list (<c>[1, 2]</c>), or else text.</summary>
    public static RawValue FromCommandLine(string text) =>
        text.TrimStart().StartsWith('[') ? FromYamlText(text, "-p value") : new RawScalar(text, Quoted: false);

    /// <summary>Reads a YAML mapping of name to value (a <c>-f</c> file's or a <c>-y</c> string's text).</summary>
    /// <exception cref="ParameterException">The text is not YAML, or not a mapping of names to scalars or lists.</exception>
    public static IReadOnlyList<(string Name, RawValue Value)> FromYamlMapping(string text, string where)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ParameterException($"{where} is not valid YAML: line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count == 0) return [];
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw new ParameterException($"{where} must be a mapping of parameter names to values (name: value)");
        return [.. map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value, $"{where}: {kv.Key}")))];
    }

    private static RawValue FromYamlText(string text, string where)
    {
        var values = FromYamlMapping("v: " + text, where);
        return values[0].Value;
    }

    /// <summary>Converts a YAML node (a claims or parameters file's value) to a raw value.</summary>
    public static RawValue Convert(YamlNode node, string where) => node switch
    {
        YamlScalarNode s => new RawScalar(s.Value ?? "", s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded),
        YamlSequenceNode seq => new RawList([.. seq.Children.Select(c => Convert(c, where))]),
        _ => throw new ParameterException($"{where}: a parameter value is a scalar or a list, not a mapping"),
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    private static bool IsNull(RawScalar s) => !s.Quoted && s.Text is "null" or "Null" or "NULL" or "~" or "None" or "";

    private static bool? AsBool(RawScalar s) => s.Quoted ? null : s.Text.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };

    /// <summary>What a raw scalar is, in words, for messages.</summary>
    private static string Describe(RawValue value) => value switch
    {
        RawList => $"the list {value.Shown}",
        RawScalar s when IsNull(s) => "null",
        RawScalar s when s.Quoted => $"the text \"{s.Text}\"",
        RawScalar s when AsBool(s) is not null => $"the boolean {s.Text}",
        RawScalar s when Integer().IsMatch(s.Text) => $"the integer {s.Text}",
        RawScalar s when Float().IsMatch(s.Text) => $"the number {s.Text}",
        RawScalar s => $"the text \"{s.Text}\"",
        _ => value.Shown,
    };

    /// <summary>
    /// Checks every value against the parameter of its name and converts it; refuses an unknown name or a value that does
    /// not fit, before anything runs.
    /// </summary>
    /// <exception cref="ParameterException">Names the parameter, the expected type and the known parameters.</exception>
    public static IReadOnlyList<(NotebookParameter Parameter, TypedValue Value)> Check(IReadOnlyList<NotebookParameter> declared, IEnumerable<(string Name, RawValue Value)> given)
    {
        var known = declared.Count == 0 ? "the notebook declares none (it has no cell tagged 'parameters')"
            : "known parameters: " + string.Join(", ", declared.Select(p => $"{p.Name} ({p.Type})"));
        // Later sources override earlier ones, as in papermill; the order of the parameters cell is kept.
        var last = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        foreach (var (name, value) in given) last[name] = value;
        var result = new List<(NotebookParameter, TypedValue)>();
        foreach (var name in last.Keys.Where(n => declared.All(p => p.Name != n)))
            throw new ParameterException($"unknown parameter '{name}': {known}");
        foreach (var p in declared)
        {
            if (!last.TryGetValue(p.Name, out var raw)) continue;
            if (p.Type.Kind == ParameterKind.Unsupported)
                throw new ParameterException($"parameter '{p.Name}' cannot be set: its type '{p.Type}' is not one of {NotebookParameters.Supported}; declare it with one of them; {known}");
            result.Add((p, ToTyped(p, raw, known)));
        }
        return result;
    }

    private static TypedValue ToTyped(NotebookParameter p, RawValue raw, string known)
    {
        ParameterException Wrong(RawValue v, string? hint = null) =>
            new($"parameter '{p.Name}' expects {p.Type}, got {Describe(v)}{(hint is null ? "" : $" ({hint})")}; {known}");

        if (p.Type.Array)
        {
            if (raw is RawScalar s0 && IsNull(s0)) throw Wrong(raw, "an array parameter takes a list, e.g. -y \"name: [1, 2]\"");
            if (raw is not RawList list) throw Wrong(raw, "an array parameter takes a list, e.g. -p name \"[1, 2]\"");
            var items = list.Items.Select(i => Scalar(p, i, Wrong)).ToList();
            return new TypedValue(new JsonArray([.. items.Select(i => i.Json?.DeepClone())]),
                $"new {p.Type.Scalar}{(p.Type.Nullable ? "?" : "")}[] {{ {string.Join(", ", items.Select(i => i.CSharp))} }}");
        }
        if (raw is RawList) throw Wrong(raw);
        return Scalar(p, raw, Wrong);
    }

    private static TypedValue Scalar(NotebookParameter p, RawValue raw, Func<RawValue, string?, ParameterException> wrong)
    {
        if (raw is not RawScalar s) throw wrong(raw, null);
        if (IsNull(s))
            return p.Type.Nullable ? new TypedValue(null, "null") : throw wrong(raw, $"make it {p.Type.Scalar}? in the parameters cell to allow null");
        var inv = CultureInfo.InvariantCulture;
        switch (p.Type.Kind)
        {
            case ParameterKind.Bool when AsBool(s) is { } b:
                return new TypedValue(b, b ? "true" : "false");
            case ParameterKind.Int when !s.Quoted && Integer().IsMatch(s.Text):
                return int.TryParse(s.Text, NumberStyles.AllowLeadingSign, inv, out var i) ? new TypedValue(i, i.ToString(inv)) : throw wrong(raw, "out of the range of int");
            case ParameterKind.Long when !s.Quoted && Integer().IsMatch(s.Text):
                return long.TryParse(s.Text, NumberStyles.AllowLeadingSign, inv, out var l) ? new TypedValue(l, l.ToString(inv) + "L") : throw wrong(raw, "out of the range of long");
            case ParameterKind.Double when !s.Quoted && (Float().IsMatch(s.Text) || Integer().IsMatch(s.Text)):
                var d = double.Parse(s.Text, NumberStyles.Float, inv);
                if (double.IsInfinity(d)) throw wrong(raw, "out of the range of double");
                var r = d.ToString("R", inv);
                return new TypedValue(d, r.Contains('.') || r.Contains('E') ? r : r + ".0");
            case ParameterKind.Decimal when !s.Quoted && (Float().IsMatch(s.Text) || Integer().IsMatch(s.Text)):
                return decimal.TryParse(s.Text, NumberStyles.Float, inv, out var m) ? new TypedValue(m, m.ToString(inv) + "m") : throw wrong(raw, "out of the range of decimal");
            case ParameterKind.String when s.Quoted || (AsBool(s) is null && !Integer().IsMatch(s.Text) && !Float().IsMatch(s.Text)):
                return new TypedValue(s.Text, SymbolDisplay.FormatLiteral(s.Text, quote: true));
            case ParameterKind.String:
                throw wrong(raw, "pass text with -r, or quote it in YAML");
            case ParameterKind.DateOnly when DateOnly.TryParseExact(s.Text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date):
                return new TypedValue(date.ToString("yyyy-MM-dd", inv), $"new DateOnly({date.Year}, {date.Month}, {date.Day})");
            case ParameterKind.DateOnly:
                throw wrong(raw, "write a date as yyyy-MM-dd");
            case ParameterKind.DateTime when DateTime.TryParse(s.Text, inv, DateTimeStyles.RoundtripKind, out var time) && s.Text.Length >= 10 && s.Text[4] == '-':
                var iso = time.ToString("O", inv);
                return new TypedValue(iso, $"System.DateTime.Parse({SymbolDisplay.FormatLiteral(iso, quote: true)}, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)");
            case ParameterKind.DateTime:
                throw wrong(raw, "write a time as ISO 8601, e.g. 2024-05-01T12:00:00Z");
            default:
                throw wrong(raw, null);
        }
    }
}
