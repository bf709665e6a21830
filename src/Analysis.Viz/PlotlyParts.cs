using DynamicObj;
using Plotly.NET;

namespace Analysis.Viz;

/// <summary>
/// Builds Plotly figures from plotly.js attribute names. The charts set attributes by their
/// plotly.js names (https://plotly.com/javascript/reference/) rather than through
/// Plotly.NET's F# optional arguments, which read badly from C# and lag the attributes we need
/// (step-shaped fills, per-point patterns, slider steps).
/// </summary>
internal static class PlotlyParts
{
    /// <summary>A trace of a plotly.js type with the given attributes; null values are left out.</summary>
    public static Trace Trace(string type, params (string Name, object? Value)[] attributes)
    {
        var trace = new Trace(type);
        Set(trace, attributes);
        return trace;
    }

    /// <summary>A nested attribute object (marker, line, axis...); null values are left out.</summary>
    public static DynamicObj.DynamicObj Obj(params (string Name, object? Value)[] attributes)
    {
        var obj = new DynamicObj.DynamicObj();
        Set(obj, attributes);
        return obj;
    }

    /// <summary>One chart from traces and layout attributes, without Plotly.NET's default template (it would add kilobytes to every figure).</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, params (string Name, object? Value)[] layout)
    {
        var parts = traces.Select(t => GenericChart.ofTraceObject(false, t)).ToList();
        var chart = parts.Count == 1 ? parts[0] : GenericChart.combine(parts);
        var plotLayout = new Layout();
        Set(plotLayout, layout);
        return GenericChart.setLayout(plotLayout, chart);
    }

    private static void Set(DynamicObj.DynamicObj target, (string Name, object? Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
            if (value is not null) target.SetProperty(name, value);
    }
}
