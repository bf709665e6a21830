using Microsoft.ML;
using Microsoft.ML.Data;

namespace Analysis.ML.Learning;

/// <summary>The ML.NET row types and schema shared by the tasks.</summary>
internal static class MlRows
{
    public sealed class Binary
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    public sealed class Named
    {
        public string Label { get; set; } = "";
        public float[] Features { get; set; } = [];
    }

    public sealed class Numeric
    {
        public float Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    /// <summary>An in-memory view with the feature vector's size (known only at run time) in its schema.</summary>
    public static IDataView View<T>(MLContext ml, IEnumerable<T> rows, int features, DataViewType? label = null) where T : class
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        if (label is not null) schema["Label"].ColumnType = label;
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
