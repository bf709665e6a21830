using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Analysis.Kernel.Display;

/// <summary>
/// Formatters that libraries declare without referencing any kernel, by .NET Interactive's
/// convention: a type carries an attribute named <c>TypeFormatterSourceAttribute</c> (any
/// namespace) whose <c>FormatterSourceType</c> has <c>CreateTypeFormatters()</c>, returning
/// objects with a <c>MimeType</c> and <c>bool Format(object, TextWriter)</c>. Matched by name,
/// so the same library displays in this kernel and in .NET Interactive.
/// </summary>
public static class ConventionFormatters
{
    /// <summary>The attribute's class name the convention matches.</summary>
    public const string AttributeName = "TypeFormatterSourceAttribute";

    private static readonly ConcurrentDictionary<Type, FormatterRegistration[]> Cache = new();

    /// <summary>
    /// The formatters declared on <paramref name="type"/> and its base types. They rank below
    /// formatters registered for the same type (Order −1), so a registration overrides them.
    /// </summary>
    public static IReadOnlyList<FormatterRegistration> For(Type type) => Cache.GetOrAdd(type, t =>
    {
        var found = new List<FormatterRegistration>();
        for (var current = t; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var attribute in current.GetCustomAttributes(inherit: false).Where(a => a.GetType().Name == AttributeName))
            {
                if (attribute.GetType().GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
                var source = Activator.CreateInstance(sourceType, nonPublic: true);
                if (sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)?.Invoke(source, null)
                    is not System.Collections.IEnumerable formatters) continue;
                foreach (var formatter in formatters)
                {
                    var f = formatter.GetType();
                    var mime = f.GetProperty("MimeType")?.GetValue(formatter) as string;
                    var format = f.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
                    if (mime is null || format is null) continue;
                    found.Add(new FormatterRegistration(current, mime, value =>
                    {
                        using var writer = new StringWriter();
                        return format.Invoke(formatter, [value, writer]) is true ? JsonValue.Create(writer.ToString()) : null;
                    }, -1));
                }
            }
        }
        return found.ToArray();
    });
}
