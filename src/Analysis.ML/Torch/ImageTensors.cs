using Analysis.Imaging.Nifti;
using Analysis.Imaging.Pixels;
using Analysis.Imaging.Series;
using TorchSharp;

namespace Analysis.ML.Torch;

/// <summary>
/// Images as float32 tensors in the layouts networks expect: a DICOM pixel array as [frames, samples, rows, columns]
/// (channels first, as <see cref="SliceCnn"/> takes it), a series volume as [slices, 1, rows, columns], and a NIfTI image
/// in its C-order shape. Values are the modality values the readers give (rescaled, e.g. Hounsfield units).
/// </summary>
public static class ImageTensors
{
    /// <summary>The pixel array as [frames, samples, rows, columns].</summary>
    /// <param name="pixels">The pixels (<c>file.GetPixels()</c>).</param>
    /// <param name="device">Where the tensor lives.</param>
    public static torch.Tensor ToTensor(this PixelArray pixels, Device device = Device.Cpu)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        // The reader stores samples last (interleaved); networks want channels first.
        using var interleaved = Tensors.FromArray(pixels.ToSingle(), [pixels.Frames, pixels.Rows, pixels.Columns, pixels.Samples]);
        var channelsFirst = interleaved.permute(0, 3, 1, 2).contiguous();
        return device == Device.Cpu ? channelsFirst : channelsFirst.to(Devices.Resolve(device));
    }

    /// <summary>The volume as [slices, 1, rows, columns]: one single-channel image per slice.</summary>
    /// <param name="volume">The sorted series volume.</param>
    /// <param name="device">Where the tensor lives.</param>
    public static torch.Tensor ToTensor(this ImageVolume volume, Device device = Device.Cpu)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return Tensors.FromArray(volume.ToSingle(), [volume.Slices, 1, volume.Rows, volume.Columns], device);
    }

    /// <summary>The NIfTI image in its C-order shape (<see cref="NiftiImage.Shape"/>, e.g. [z, y, x]).</summary>
    /// <param name="image">The image.</param>
    /// <param name="device">Where the tensor lives.</param>
    public static torch.Tensor ToTensor(this NiftiImage image, Device device = Device.Cpu)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Tensors.FromArray(image.Scaled<float>(), [.. image.Shape.Select(d => (long)d)], device);
    }
}
