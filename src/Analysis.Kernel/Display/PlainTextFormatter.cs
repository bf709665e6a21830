using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Analysis.Kernel.Display;

/// <summary>
/// The text/plain fallback: numbers in the invariant culture, collections with their
/// first items, and objects that do not override ToString as their public properties.
/// </summary>
public static class PlainTextFormatter
{
    /// <summary>How many items of a collection are shown.</summary>
    public const int MaxItems = 20;

    /// <summary>Formats any value as readable text.</summary>
    public static string Format(object? value) => Format(value, depth: 0);

    private static string Format(object? value, int depth)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return s;
            case bool b: return b ? "true" : "false";
            case char c: return c.ToString();
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            case Type t: return TypeNames.Display(t);
            case IDictionary d: return FormatDictionary(d, depth);
            case IEnumerable e: return FormatSequence(e, depth);
        }
        var type = value.GetType();
        if (OverridesToString(type) || depth > 1) return value.ToString() ?? "";
        var props = ReadableMembers(type);
        if (props.Count == 0) return value.ToString() ?? "";
        return "{ " + string.Join(", ", props.Select(p => $"{p.Name} = {Format(SafeGet(p, value), depth + 1)}")) + " }";
    }

    private static string FormatSequence(IEnumerable sequence, int depth)
    {
        var sb = new StringBuilder(TypeNames.Display(sequence.GetType()));
        if (sequence is ICollection c) sb.Append('(').Append(c.Count).Append(')');
        sb.Append(" { ");
        int i = 0;
        foreach (var item in sequence)
        {
            if (i == MaxItems) { sb.Append("…, "); break; }
            sb.Append(depth > 1 ? item?.ToString() : Format(item, depth + 1)).Append(", ");
            i++;
        }
        if (i > 0) sb.Length -= 2;
        return sb.Append(i > 0 ? " }" : "}").ToString();
    }

    private static string FormatDictionary(IDictionary dictionary, int depth)
    {
        var sb = new StringBuilder(TypeNames.Display(dictionary.GetType()));
        sb.Append('(').Append(dictionary.Count).Append(") { ");
        int i = 0;
        foreach (DictionaryEntry entry in dictionary)
        {
            if (i == MaxItems) { sb.Append("…, "); break; }
            sb.Append('[').Append(Format(entry.Key, depth + 1)).Append("] = ").Append(Format(entry.Value, depth + 1)).Append(", ");
            i++;
        }
        if (i > 0) sb.Length -= 2;
        return sb.Append(i > 0 ? " }" : "}").ToString();
    }

    internal static bool OverridesToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object) && declaring != typeof(ValueType);

    /// <summary>
    /// Public instance properties with getters and no indexer parameters, plus public fields, except members marked
    /// <c>[Browsable(false)]</c>: libraries mark secrets (a site's bearer token) that way so no table ever shows them.
    /// </summary>
    public static IReadOnlyList<MemberInfo> ReadableMembers(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<System.ComponentModel.BrowsableAttribute>() is not { Browsable: false })
            .ToArray();

    /// <summary>Reads a property or field, turning a throwing getter into a short message.</summary>
    public static object? SafeGet(MemberInfo member, object target)
    {
        try
        {
            return member switch
            {
                PropertyInfo p => p.GetValue(target),
                FieldInfo f => f.GetValue(target),
                _ => null,
            };
        }
        catch (TargetInvocationException e)
        {
            return $"<{e.InnerException?.GetType().Name ?? "error"}>";
        }
    }
}
