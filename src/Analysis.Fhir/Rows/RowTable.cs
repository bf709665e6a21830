using System.Reflection;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Deedle;

namespace Analysis.Fhir;

/// <summary>
/// The one place typed rows become columns: the row type's public properties, read once through typed getters, give
/// the Arrow schema and the Deedle columns, so a new row type needs no conversion code of its own.
/// </summary>
internal static class RowTable<TRow>
{
    private static readonly IReadOnlyList<RowColumn<TRow>> Columns =
        [.. typeof(TRow).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(RowColumn<TRow>.For)];

    public static Schema Schema { get; } = new(Columns.Select(c => c.Field), null);

    public static RecordBatch ToArrow(IReadOnlyList<TRow> rows) => new(Schema, Columns.Select(c => c.ToArrow(rows)), rows.Count);

    public static Frame<int, string> ToFrame(IReadOnlyList<TRow> rows)
    {
        var frame = new FrameBuilder.Columns<int, string>();
        foreach (var column in Columns) frame.Add(column.Name, column.ToSeries(rows));
        // Series hold only present values, so a row missing from every column must be put back as all-missing.
        return frame.Frame.RealignRows(Enumerable.Range(0, rows.Count));
    }
}

/// <summary>One property of a row type as a nullable column.</summary>
internal abstract class RowColumn<TRow>(string name, IArrowType type)
{
    public string Name { get; } = name;

    public Field Field { get; } = new(name, type, nullable: true);

    public abstract IArrowArray ToArrow(IReadOnlyList<TRow> rows);

    public abstract ISeries<int> ToSeries(IReadOnlyList<TRow> rows);

    public static RowColumn<TRow> For(PropertyInfo property)
    {
        var name = SnakeCase(property.Name);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string)) return new StringColumn<TRow>(name, property.GetMethod!.CreateDelegate<Func<TRow, string?>>());
        if (type == typeof(double)) return Value<double, DoubleArray, DoubleArray.Builder>(name, DoubleType.Default, property);
        if (type == typeof(long)) return Value<long, Int64Array, Int64Array.Builder>(name, Int64Type.Default, property);
        if (type == typeof(bool)) return Value<bool, BooleanArray, BooleanArray.Builder>(name, BooleanType.Default, property);
        if (type == typeof(DateOnly)) return Value<DateOnly, Date32Array, Date32Array.Builder>(name, Date32Type.Default, property);
        throw new NotSupportedException($"{typeof(TRow).Name}.{property.Name}: type {property.PropertyType} has no column type");
    }

    private static ValueColumn<TRow, T, TArray, TBuilder> Value<T, TArray, TBuilder>(string name, IArrowType type, PropertyInfo property)
        where T : struct where TArray : IArrowArray where TBuilder : IArrowArrayBuilder<T, TArray, TBuilder>, new()
    {
        Func<TRow, T?> get;
        if (property.PropertyType == typeof(T))
        {
            var plain = property.GetMethod!.CreateDelegate<Func<TRow, T>>();
            get = row => plain(row);
        }
        else
        {
            get = property.GetMethod!.CreateDelegate<Func<TRow, T?>>();
        }
        return new(name, type, get);
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}

internal sealed class StringColumn<TRow>(string name, Func<TRow, string?> get) : RowColumn<TRow>(name, StringType.Default)
{
    public override IArrowArray ToArrow(IReadOnlyList<TRow> rows)
    {
        var builder = new StringArray.Builder();
        foreach (var row in rows)
        {
            if (get(row) is { } value) builder.Append(value);
            else builder.AppendNull();
        }
        return builder.Build();
    }

    public override ISeries<int> ToSeries(IReadOnlyList<TRow> rows)
    {
        var series = new SeriesBuilder<int, string>();
        for (var i = 0; i < rows.Count; i++)
            if (get(rows[i]) is { } value) series.Add(i, value);
        return series.Series;
    }
}

internal sealed class ValueColumn<TRow, T, TArray, TBuilder>(string name, IArrowType type, Func<TRow, T?> get) : RowColumn<TRow>(name, type)
    where T : struct where TArray : IArrowArray where TBuilder : IArrowArrayBuilder<T, TArray, TBuilder>, new()
{
    public override IArrowArray ToArrow(IReadOnlyList<TRow> rows)
    {
        var builder = new TBuilder();
        foreach (var row in rows)
        {
            if (get(row) is { } value) builder.Append(value);
            else builder.AppendNull();
        }
        return builder.Build(default);
    }

    public override ISeries<int> ToSeries(IReadOnlyList<TRow> rows)
    {
        var series = new SeriesBuilder<int, T>();
        for (var i = 0; i < rows.Count; i++)
            if (get(rows[i]) is { } value) series.Add(i, value);
        return series.Series;
    }
}
