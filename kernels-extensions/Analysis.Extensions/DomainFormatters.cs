using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Pixels;
using Analysis.Kernel.Display;
using Analysis.Stats;
using Analysis.Viz;
using TorchSharp;

namespace Analysis.Extensions;

/// <summary>How images, DICOM datasets, tensors and model metrics look in a notebook.</summary>
public static class DomainFormatters
{
    /// <summary>Values of a tensor shown in its preview.</summary>
    public const int TensorPreviewValues = 20;

    /// <summary>Registers: DICOM pixel arrays as a PNG of their first frame (full-range window); DICOM datasets as a table of
    /// their elements; ML metrics as a table; TorchSharp tensors as shape, dtype, device and their first values.</summary>
    public static FormatterRegistry AddTo(FormatterRegistry registry) => AddTensors(AddWithoutTorch(registry));

    /// <summary>The formatters of <see cref="AddTo"/> but the tensor's: registering those loads TorchSharp's assembly, which the
    /// kernel leaves until a cell uses it.</summary>
    public static FormatterRegistry AddWithoutTorch(FormatterRegistry registry) => registry
        .Register<PixelArray>("image/png", p => p.ToPng().ToBase64())
        .Register<DicomDataset>(MimeTypes.Html, d => PagedHtmlTable.Render(Dataset(d)))
        .Register<IMetrics>(MimeTypes.Html, m => PagedHtmlTable.Render(Metrics(m)));

    /// <summary>TorchSharp tensors as shape, dtype, device and their first values (text and HTML).</summary>
    // Never inlined: a caller compiled with this body inside would load TorchSharp's assembly when it is compiled.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FormatterRegistry AddTensors(FormatterRegistry registry) => registry
        .Register<torch.Tensor>(MimeTypes.PlainText, Tensor)
        .Register<torch.Tensor>(MimeTypes.Html, t => $"<pre>{WebUtility.HtmlEncode(Tensor(t))}</pre>");

    /// <summary>Every element of a dataset: tag, keyword, VR and value (sequences show their item count).</summary>
    public static TablePreview Dataset(DicomDataset dataset)
    {
        var rows = dataset.Select(e => new TableCell[] { e.Tag.ToString() ?? "", e.Keyword ?? "(private or unknown)", e.VR.ToString() ?? "", e.ToString() }).ToArray();
        return new([new("tag", "string"), new("keyword", "string"), new("VR", "string"), new("value", "string")], rows, rows.Length,
            $"DICOM dataset: {rows.Length} elements");
    }

    /// <summary>Shape, dtype and device, then the first values in row-major order.</summary>
    public static string Tensor(torch.Tensor tensor)
    {
        var shape = $"[{string.Join(", ", tensor.shape)}]";
        var head = $"tensor {shape} {tensor.dtype} on {tensor.device}";
        if (tensor.numel() == 0) return head + " (empty)";
        using var scope = torch.NewDisposeScope();
        var count = (int)Math.Min(tensor.numel(), TensorPreviewValues);
        var first = tensor.detach().flatten().narrow(0, 0, count).to_type(torch.ScalarType.Float64).cpu().data<double>().ToArray();
        var values = string.Join(", ", first.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
        return $"{head}\n[{values}{(tensor.numel() > count ? ", …" : "")}]";
    }

    /// <summary>A metrics record's scalar figures, one per row.</summary>
    public static TablePreview Metrics(IMetrics metrics)
    {
        var rows = metrics.Scalars.Select(s => new TableCell[] { s.Key, s.Value.ToString("0.####", CultureInfo.InvariantCulture) }).ToArray();
        return new([new("metric", "string"), new("value", "double")], rows, rows.Length, (metrics.ToString() ?? "").Split('\n', 2)[0]);
    }
}
