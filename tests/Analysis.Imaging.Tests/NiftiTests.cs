using Analysis.Imaging.Nifti;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

/// <summary>Our NIfTI reader against nibabel on its test images and on files it writes for every datatype.</summary>
public sealed class NiftiTests
{
    public static TheoryData<string> Images()
    {
        string[] kinds = ["uint8", "int8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64"];
        var generated = kinds.SelectMany(k => new[] { "le", "be" }.Select(e => $"gen_{k}_{e}.nii" + (k is "int32" or "float64" ? ".gz" : "")));
        return new TheoryData<string>(NibabelReference.ShippedFiles.Concat(generated));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Shape_affine_and_voxels_match_nibabel(string name)
    {
        var (reference, index, path) = NibabelReference.Instance[name];
        var image = await NiftiImage.OpenAsync(path);
        Assert.Equal(reference.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), image.Dimensions);
        Assert.Equal(reference.GetProperty("version").GetInt32(), image.Header.Version);
        var affine = reference.GetProperty("affine").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        for (var r = 0; r < 4; r++)
            for (var c = 0; c < 4; c++)
                Assert.True(Math.Abs(affine[r][c] - image.Affine[r, c]) <= Agreement.Relative * Math.Max(1, Math.Abs(affine[r][c])), $"{name}: affine[{r},{c}] is {image.Affine[r, c]}, nibabel {affine[r][c]}");
        // The voxels as stored (nibabel's dataobj.get_unscaled()): its dtype, the same bytes.
        Agreement.AssertSameStored(reference.GetProperty("dtype").GetString()!, File.ReadAllBytes(NibabelReference.Instance.BinPath(index, "stored")), image.StoredData, name + " stored");
        // Scaled (get_fdata()) in double, and as float on request.
        var expected = Python.ReadDoubles(NibabelReference.Instance.BinPath(index, "fdata"));
        Agreement.AssertClose(expected, image.Data, name);
        Agreement.AssertRoundedOnce(expected, image.Scaled<float>(), name + " as float");
    }

    [Fact]
    public async Task Big_endian_files_are_detected_from_sizeof_hdr()
    {
        var (_, _, path) = NibabelReference.Instance["anatomical.nii"];
        Assert.True((await NiftiImage.OpenAsync(path)).Header.BigEndian);
        var (_, _, little) = NibabelReference.Instance["gen_int16_le.nii"];
        Assert.False((await NiftiImage.OpenAsync(little)).Header.BigEndian);
    }

    [Fact]
    public async Task Indexer_reads_x_fastest_like_nibabel()
    {
        var (_, _, path) = NibabelReference.Instance["gen_float32_le.nii"];
        var image = await NiftiImage.OpenAsync(path);
        var expected = double.Parse(Python.Eval($"import nibabel; print(repr(float(nibabel.load('{path}').get_fdata()[3, 2, 1, 1])))"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, image[3, 2, 1, 1]);
        Assert.Equal(new[] { 2, 3, 4, 5 }, image.Shape);
    }
}
