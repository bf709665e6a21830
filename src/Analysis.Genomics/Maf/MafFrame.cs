using Deedle;

namespace Analysis.Genomics.Maf;

/// <summary>MAF records as a Deedle frame; a missing value (empty field, absent count) is a missing cell.</summary>
internal static class MafFrame
{
    public static Frame<int, string> From(MafHeader header, IEnumerable<MafRecord> records)
    {
        var rows = records.ToList();
        var frame = new FrameBuilder.Columns<int, string>();
        foreach (var column in header.Columns)
        {
            if (!MafColumns.ByName.TryGetValue(column, out var known)) frame.Add(column, Series(rows, r => r.Extra[column]));
            else if (known.Type == MafColumnType.Integer) frame.Add(column, Series(rows, known.Integer!));
            else frame.Add(column, Series(rows, known.Text!));
        }
        return frame.Frame;
    }

    private static Series<int, long> Series(List<MafRecord> rows, Func<MafRecord, long?> value) =>
        rows.Select((r, i) => KeyValuePair.Create(i, value(r) is { } v ? new OptionalValue<long>(v) : OptionalValue<long>.Missing)).ToSparseSeries();

    private static Series<int, string> Series(List<MafRecord> rows, Func<MafRecord, string?> value) =>
        rows.Select((r, i) => KeyValuePair.Create(i, value(r) is { } v ? new OptionalValue<string>(v) : OptionalValue<string>.Missing)).ToSparseSeries();
}
