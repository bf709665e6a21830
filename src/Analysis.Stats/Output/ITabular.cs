using Apache.Arrow;
using Deedle;

namespace Analysis.Stats;

/// <summary>A result that can be shown as a table: one row per term, time or cell.</summary>
public interface ITabular
{
    /// <summary>The result as a Deedle frame (rows numbered from 0, one column per field).</summary>
    Frame<int, string> ToFrame();

    /// <summary>The result as an Arrow record batch (same rows and columns as <see cref="ToFrame"/>).</summary>
    RecordBatch ToArrow();
}
