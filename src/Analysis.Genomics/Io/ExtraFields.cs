using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Analysis.Genomics.Io;

/// <summary>A row's untyped fields as a read-only dictionary; the column names and their lookup are shared by every row of a file.</summary>
internal sealed class ExtraFields(ExtraFields.Names names, string[] values) : IReadOnlyDictionary<string, string>
{
    /// <summary>The column names of a file and a lookup from name to position, built once per file.</summary>
    internal sealed class Names(IReadOnlyList<string> columns)
    {
        public IReadOnlyList<string> Columns { get; } = columns;
        public Dictionary<string, int> Lookup { get; } = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
    }

    public string this[string key] => names.Lookup.TryGetValue(key, out var i) ? values[i] : throw new KeyNotFoundException($"no column '{key}'");
    public IEnumerable<string> Keys => names.Columns;
    public IEnumerable<string> Values => values;
    public int Count => values.Length;
    public bool ContainsKey(string key) => names.Lookup.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var found = names.Lookup.TryGetValue(key, out var i);
        value = found ? values[i] : null;
        return found;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        names.Columns.Select((c, i) => KeyValuePair.Create(c, values[i])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
