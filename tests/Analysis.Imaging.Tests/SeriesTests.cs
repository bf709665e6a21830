using System.Text.Json;
using Analysis.Imaging.Dicom;
using Analysis.Imaging.Series;
using Analysis.Imaging.Tests.Peers;

namespace Analysis.Imaging.Tests;

public sealed class SeriesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("series-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Shuffled_synthetic_series_matches_pydicom_sorted_stack()
    {
        var expected = SyntheticCt.WriteSeries(_folder, slices: 12, rows: 24, columns: 20, spacing: 2.5);
        var volume = await DicomSeries.LoadAsync(_folder);
        Assert.Equal(expected, volume.Files);
        Assert.Equal(new[] { 12, 24, 20 }, volume.Shape);
        await AssertMatchesPydicom(_folder, volume);
    }

    [Fact]
    public async Task Pydicom_test_series_matches_pydicom_sorted_stack()
    {
        var folder = Path.Combine(PydicomReference.DataDirectory.Value, "test_files/dicomdirtests/98892001/CT5N");
        await AssertMatchesPydicom(folder, await DicomSeries.LoadAsync(folder));
    }

    [Fact]
    public async Task Pydicom_series_with_a_gap_is_refused()
    {
        // Its slices sit at gaps of 202.5 mm and less: not one regular volume.
        var folder = Path.Combine(PydicomReference.DataDirectory.Value, "test_files/dicomdirtests/77654033/CT2");
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DicomSeries.LoadAsync(folder));
        Assert.Contains("not evenly spaced", error.Message, StringComparison.Ordinal);
    }

    private async Task AssertMatchesPydicom(string folder, ImageVolume<double> volume)
    {
        var asFloat = await DicomSeries.LoadAsync<float>(folder);
        var prefix = Path.Combine(TempFolders.Create("series-reference-"), "reference");
        Python.Run(Python.ScriptPath("pydicom_series.py"), folder, prefix);
        using var reference = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json"));
        var root = reference.RootElement;
        Assert.Equal(root.GetProperty("files").EnumerateArray().Select(f => f.GetString()), volume.Files);
        Assert.Equal(root.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), volume.Shape);
        var sliceSpacing = root.GetProperty("slice_spacing").GetDouble();
        Assert.True(Math.Abs(sliceSpacing - volume.SliceSpacing) <= Agreement.Relative * sliceSpacing, $"slice spacing {volume.SliceSpacing:R}, pydicom {sliceSpacing:R}");
        Assert.Equal(root.GetProperty("origin").EnumerateArray().Select(v => v.GetDouble()), volume.Origin);
        var pixelSpacing = root.GetProperty("pixel_spacing").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(pixelSpacing, new[] { volume.RowSpacing, volume.ColumnSpacing });
        var expected = Python.ReadDoubles(prefix + ".bin");
        Agreement.AssertClose(expected, volume.Data, folder);
        Agreement.AssertRoundedOnce(expected, asFloat.Data, folder + " as float");
        // The affine maps the last voxel to the position the last slice's header gives.
        var last = DicomFile.Open(volume.Files[^1]).Dataset.GetDoubles(DicomTag.ImagePositionPatient);
        var computed = volume.PositionOf(volume.Slices - 1, 0, 0);
        for (var i = 0; i < 3; i++) Assert.Equal(last[i], computed[i], 3);
    }

    [Fact]
    public async Task Mixed_series_are_refused_unless_one_is_chosen()
    {
        SyntheticCt.WriteSeries(_folder, 3, 8, 8, seriesUid: "1.2.3.4.1");
        SyntheticCt.WriteSeries(_folder, 4, 8, 8, seed: 5, seriesUid: "1.2.3.4.2");
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DicomSeries.LoadAsync(_folder));
        Assert.Contains("mixes 2 series", error.Message, StringComparison.Ordinal);
        Assert.Contains("1.2.3.4.1: 3 images", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await DicomSeries.LoadAsync(_folder, "1.2.3.4.2")).Slices);
        Assert.Equal(2, (await DicomSeries.ListAsync(_folder)).Count);
    }

    [Fact]
    public async Task Slices_of_another_size_are_refused_naming_the_file()
    {
        SyntheticCt.WriteSeries(_folder, 3, 8, 8);
        var odd = Path.Combine(_folder, "odd.dcm");
        DicomFile.Create(SyntheticCt.Slice(7, 8, 10, [-120, -95.5, -280], [1, 0, 0, 0, 1, 0], "1.2.826.0.1.3680043.10.1.1", "1.2.826.0.1.3680043.10.1.0")).Save(odd);
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DicomSeries.LoadAsync(_folder));
        Assert.Contains(odd, error.Message, StringComparison.Ordinal);
        Assert.Contains("8x10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_slice_is_reported_as_uneven_spacing()
    {
        var files = SyntheticCt.WriteSeries(_folder, 6, 8, 8);
        File.Delete(files[3]);
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DicomSeries.LoadAsync(_folder));
        Assert.Contains("not evenly spaced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_positions_slices_follow_instance_number()
    {
        var files = SyntheticCt.WriteSeries(_folder, 5, 8, 8);
        foreach (var path in files)
        {
            var file = DicomFile.Open(path);
            file.Dataset.Remove(DicomTag.ImagePositionPatient);
            file.Dataset.Remove(DicomTag.ImageOrientationPatient);
            file.Save(path);
        }
        var volume = await DicomSeries.LoadAsync(_folder);
        Assert.Equal(files, volume.Files);
        Assert.Equal(2.5, volume.SliceSpacing);
    }
}
