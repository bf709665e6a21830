using Analysis.Imaging.Dicom;
using Analysis.Imaging.Pixels;
using Analysis.ML.Torch;
using TorchSharp;

namespace Analysis.ML.Tests;

public sealed class ImageTensorTests
{
    public ImageTensorTests() => Peers.OneTorchThread();

    [Fact]
    public void Pixel_arrays_become_channels_first_tensors_with_every_value_in_place()
    {
        const int frames = 2, rows = 3, columns = 4, samples = 3;
        var data = Enumerable.Range(0, frames * rows * columns * samples).Select(i => (float)i).ToArray();
        using var tensor = new PixelArray<float>(data, frames, rows, columns, samples, "RGB").ToTensor();
        Assert.Equal([frames, samples, rows, columns], tensor.shape);
        Assert.Equal(torch.ScalarType.Float32, tensor.dtype);
        for (var f = 0; f < frames; f++)
            for (var s = 0; s < samples; s++)
                for (var r = 0; r < rows; r++)
                    for (var c = 0; c < columns; c++)
                        Assert.Equal(data[((f * rows + r) * columns + c) * samples + s], tensor[f, s, r, c].item<float>());
    }

    [Fact]
    public void A_real_ct_slice_feeds_the_slice_cnn()
    {
        // CT_small.dcm ships with Debian's python3-pydicom (test.sh installs it): 128 x 128, signed 16-bit, rescaled.
        var file = DicomFile.Open("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
        var pixels = file.GetPixels();
        using var tensor = pixels.ToTensor();
        Assert.Equal([1, 1, 128, 128], tensor.shape);
        Assert.Equal(pixels.ToSingle().Max(), tensor.max().item<float>());
        Assert.Equal((float)pixels[0, 5, 7], tensor[0, 0, 5, 7].item<float>());
        using var slices = torch.nn.functional.interpolate(tensor, [64, 64]);
        using var cnn = SliceCnn.Create(height: 64, width: 64, seed: 1);
        var probability = Assert.Single(cnn.PredictProbability(slices));
        Assert.InRange(probability, 0, 1);
    }
}
