using Analysis.ML.Learning;
using Deedle;
using TorchSharp;

namespace Analysis.ML.Torch;

/// <summary>Features and labels of a frame as float tensors, with the scaling applied.</summary>
/// <param name="X">[rows, features] float32.</param>
/// <param name="Y">[rows, 1] float32 (binary 0/1 or numeric), or [rows] int64 class indices; null without a label.</param>
/// <param name="Features">The feature columns, in order.</param>
/// <param name="Scaling">The standardisation applied (apply the same to new rows).</param>
/// <param name="Classes">For a categorical label, the class names in index order (for binary, the positive last).</param>
public sealed record TabularTensors(torch.Tensor X, torch.Tensor? Y, IReadOnlyList<string> Features, Standardizer Scaling, IReadOnlyList<string>? Classes) : IDisposable
{
    /// <summary>Rows.</summary>
    public long Count => X.shape[0];

    /// <summary>Frees the native memory.</summary>
    public void Dispose()
    {
        X.Dispose();
        Y?.Dispose();
    }
}

/// <summary>How a frame's label column becomes a tensor.</summary>
public enum LabelKind
{
    /// <summary>Two classes as 0/1 floats, shape [rows, 1] (for a logistic output).</summary>
    Binary,

    /// <summary>Class indices as int64, shape [rows] (for cross-entropy).</summary>
    Classes,

    /// <summary>The numbers as floats, shape [rows, 1].</summary>
    Numeric,
}

/// <summary>Conversions to TorchSharp tensors.</summary>
public static class Tensors
{
    /// <summary>A float32 tensor over <paramref name="data"/> (row-major) with <paramref name="shape"/>, e.g. image slices [n, 1, 64, 64].</summary>
    /// <exception cref="ArgumentException">The shape's product is not the data's length, or a dimension is not positive.</exception>
    public static torch.Tensor FromArray(float[] data, long[] shape, Device device = Device.Cpu)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d <= 0)) throw new ArgumentException($"shape [{string.Join(", ", shape)}] must have positive dimensions", nameof(shape));
        var size = shape.Aggregate(1L, (a, b) => a * b);
        if (size != data.Length) throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {size} values but the data has {data.Length}", nameof(shape));
        TorchRuntime.EnsureLoaded();
        var tensor = torch.tensor(data, shape);
        return device == Device.Cpu ? tensor : Move(tensor, device);
    }

    /// <summary>The frame's feature columns (every numeric column but the label when omitted) and label as tensors.</summary>
    /// <param name="frame">The rows.</param>
    /// <param name="label">The label column, or null for features only.</param>
    /// <param name="features">The feature columns.</param>
    /// <param name="kind">How the label is encoded.</param>
    /// <param name="scaling">The standardisation to apply; fitted on these rows when null. Pass the training one for test rows.</param>
    /// <param name="standardize">Whether to standardise when <paramref name="scaling"/> is null.</param>
    /// <exception cref="ArgumentException">A column is missing, mistyped or has missing values; the message names it.</exception>
    public static TabularTensors FromFrame<TRow>(Frame<TRow, string> frame, string? label = null, IEnumerable<string>? features = null,
        LabelKind kind = LabelKind.Binary, Standardizer? scaling = null, bool standardize = true)
    {
        var data = FrameColumns.Read(frame, label, features?.ToList());
        if (scaling is not null && scaling.Mean.Length != data.Features.Count)
            throw new ArgumentException($"the scaling has {scaling.Mean.Length} features but {data.Features.Count} columns were read", nameof(scaling));
        scaling ??= standardize ? Standardizer.Fit(data.X) : Standardizer.Identity(data.Features.Count);
        var flat = data.X.SelectMany(scaling.Apply).ToArray();
        TorchRuntime.EnsureLoaded();
        var x = torch.tensor(flat, [data.Count, data.Features.Count]);
        if (label is null) return new TabularTensors(x, null, data.Features, scaling, null);
        switch (kind)
        {
            case LabelKind.Numeric:
                return new TabularTensors(x, torch.tensor(Regression.Outcome(data, label).Select(v => (float)v).ToArray(), [data.Count, 1]), data.Features, scaling, null);
            default:
                var classes = LabelClasses.Of(data, label, kind == LabelKind.Binary, null);
                var y = classes.Encode(data);
                var tensor = kind == LabelKind.Binary ? torch.tensor(y.Select(v => (float)v).ToArray(), [data.Count, 1]) : torch.tensor(y.Select(v => (long)v).ToArray(), [data.Count]);
                return new TabularTensors(x, tensor, data.Features, scaling, classes.Names);
        }
    }

    private static torch.Tensor Move(torch.Tensor tensor, Device device)
    {
        var moved = tensor.to(Devices.Resolve(device));
        tensor.Dispose();
        return moved;
    }
}
