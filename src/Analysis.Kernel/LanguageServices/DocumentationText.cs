using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Analysis.Kernel.LanguageServices;

/// <summary>The parts of an XML documentation comment, rendered as plain text or Markdown.</summary>
internal sealed partial class DocumentationText
{
    private readonly XElement? _member;

    private DocumentationText(XElement? member) => _member = member;

    /// <summary>No documentation.</summary>
    public static DocumentationText None { get; } = new(null);

    /// <summary>Parses the XML Roslyn returns for a symbol; malformed or empty XML gives <see cref="None"/>.</summary>
    public static DocumentationText Parse(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml)) return None;
        try
        {
            return new(XElement.Parse(xml, LoadOptions.PreserveWhitespace));
        }
        catch (XmlException)
        {
            return None;
        }
    }

    /// <summary>The summary alone, for when the comment describes something related, such as a variable's type.</summary>
    public DocumentationText SummaryOnly() => _member is null ? None : new(new XElement(_member.Name, _member.Element("summary")));

    /// <summary>True when the comment has a summary to show.</summary>
    public bool HasSummary => _member?.Element("summary") is not null;

    /// <summary>The summary, or "" when there is none.</summary>
    public string Summary(bool markdown) => Section("summary", markdown);

    /// <summary>The <c>returns</c> text (or <c>value</c> for properties), or "".</summary>
    public string Returns(bool markdown) => Section("returns", markdown) is { Length: > 0 } returns ? returns : Section("value", markdown);

    /// <summary>The remarks, or "".</summary>
    public string Remarks(bool markdown) => Section("remarks", markdown);

    /// <summary>Each documented type parameter with its description.</summary>
    public IEnumerable<(string Name, string Text)> TypeParameters(bool markdown) => Named("typeparam", "name", markdown);

    /// <summary>Each documented parameter with its description.</summary>
    public IEnumerable<(string Name, string Text)> Parameters(bool markdown) => Named("param", "name", markdown);

    /// <summary>Each documented exception, by short type name, with when it is thrown.</summary>
    public IEnumerable<(string Name, string Text)> Exceptions(bool markdown) => Named("exception", "cref", markdown);

    private string Section(string element, bool markdown) =>
        _member?.Element(element) is { } e ? Render(e, markdown) : "";

    private IEnumerable<(string, string)> Named(string element, string attribute, bool markdown) =>
        _member?.Elements(element).Select(e => (NameOf(e.Attribute(attribute)?.Value ?? "", attribute == "cref"), Render(e, markdown))) ?? [];

    private static string Render(XElement element, bool markdown)
    {
        var text = new StringBuilder();
        Append(text, element, markdown);
        return Tidy(text.ToString());
    }

    private static void Append(StringBuilder text, XElement element, bool markdown)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(Whitespace().Replace(t.Value, " "));
                    break;
                case XElement e:
                    AppendElement(text, e, markdown);
                    break;
            }
        }
    }

    private static void AppendElement(StringBuilder text, XElement e, bool markdown)
    {
        string Code(string s) => markdown ? $"`{s}`" : s;
        switch (e.Name.LocalName)
        {
            case "see" or "seealso" when e.Attribute("cref")?.Value is { } cref:
                text.Append(e.IsEmpty ? Code(NameOf(cref, isCref: true)) : Inner(e, markdown));
                break;
            case "see" when e.Attribute("langword")?.Value is { } word:
                text.Append(Code(word));
                break;
            case "see" or "a" when (e.Attribute("href") ?? e.Attribute("src"))?.Value is { } href:
                var label = Inner(e, markdown);
                text.Append(markdown ? $"[{(label.Length > 0 ? label : href)}]({href})" : label.Length > 0 ? label : href);
                break;
            case "paramref" or "typeparamref":
                text.Append(Code(e.Attribute("name")?.Value ?? ""));
                break;
            case "c":
                text.Append(Code(Inner(e, markdown)));
                break;
            case "code":
                text.Append(markdown ? $"\n\n```csharp\n{e.Value.Trim()}\n```\n\n" : $"\n\n{e.Value.Trim()}\n\n");
                break;
            case "para":
                text.Append("\n\n").Append(Inner(e, markdown)).Append("\n\n");
                break;
            case "item":
                text.Append("\n- ").Append(Inner(e, markdown));
                break;
            case "term":
                text.Append(Inner(e, markdown)).Append(": ");
                break;
            case "br":
                text.Append('\n');
                break;
            default:
                Append(text, e, markdown);
                break;
        }
    }

    private static string Inner(XElement e, bool markdown)
    {
        var inner = new StringBuilder();
        Append(inner, e, markdown);
        return inner.ToString().Trim();
    }

    /// <summary>
    /// The short name of a documentation id: "M:System.Console.WriteLine(System.String)"
    /// gives "WriteLine", "T:System.Collections.Generic.List`1" gives "List".
    /// </summary>
    internal static string NameOf(string id, bool isCref)
    {
        if (!isCref) return id;
        var name = id.Length > 2 && id[1] == ':' ? id[2..] : id;
        int paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        var parts = name.Split('.');
        var last = parts[^1] == "#ctor" && parts.Length > 1 ? parts[^2] : parts[^1];
        int tick = last.IndexOf('`');
        return tick >= 0 ? last[..tick] : last;
    }

    private static string Tidy(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
