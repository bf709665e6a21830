using Analysis.Imaging.Dicom;
using Analysis.Imaging.Nifti;
using Analysis.Imaging.Series;

namespace Analysis.Synthetic.Tests;

/// <summary>The synthetic imaging: additive (the clinical files do not change), linked to the patients, readable, with masks on the series' grid.</summary>
public sealed class ImagingTests
{
    private static string Write(double share, string site = "img")
    {
        var dir = Path.Combine(Path.GetTempPath(), "synth-imaging-" + Guid.NewGuid().ToString("N"));
        SiteDataWriter.Write(new GeneratorOptions { Site = site, Patients = 60, Seed = 4, ImagingShare = share }, dir);
        return dir;
    }

    [Fact]
    public void Imaging_is_additive_the_clinical_files_are_byte_identical_without_it()
    {
        var plain = Write(0);
        var imaged = Write(0.5);
        Assert.False(Directory.Exists(Path.Combine(plain, "imaging")));
        foreach (var file in Directory.GetFiles(plain))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(imaged, Path.GetFileName(file))));
        Assert.Equal(Directory.GetFiles(plain).Select(Path.GetFileName).Order(), Directory.GetFiles(imaged).Select(Path.GetFileName).Order());
        Directory.Delete(plain, true);
        Directory.Delete(imaged, true);
    }

    [Fact]
    public void Series_are_linked_to_patients_and_masks_fit_them()
    {
        var dir = Write(0.5);
        var ids = File.ReadLines(Path.Combine(dir, "Patient.ndjson")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToHashSet();
        var folders = Directory.GetDirectories(Path.Combine(dir, "imaging"), "*", SearchOption.AllDirectories).Where(d => File.Exists(Path.Combine(d, "mask.nii"))).ToList();
        Assert.InRange(folders.Count, 20, 80);
        foreach (var folder in folders.Take(5))
        {
            var files = Directory.GetFiles(folder, "*.dcm").Select(DicomFile.Open).ToList();
            Assert.Equal(16, files.Count);
            Assert.Contains(files[0].Dataset.GetString(DicomTag.PatientID), ids);
            var volume = DicomSeries.FromFiles(files);
            var mask = NiftiImage.Open(Path.Combine(folder, "mask.nii"));
            Assert.Equal([volume.Columns, volume.Rows, volume.Slices], mask.Dimensions.Take(3));
            var inside = mask.Data.Select((m, i) => (m, i)).Where(x => x.m > 0).Select(x => volume.Data[x.i]).ToList();
            var outside = mask.Data.Select((m, i) => (m, i)).Where(x => x.m == 0).Select(x => volume.Data[x.i]).ToList();
            Assert.NotEmpty(inside);
            // The tumour is brighter than the rest of the volume.
            Assert.True(inside.Average() > outside.Average());
        }
        Directory.Delete(dir, true);
    }

    [Fact]
    public void An_imaging_share_outside_0_to_1_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new GeneratorOptions { Site = "x", Patients = 1, Seed = 1, ImagingShare = 1.5 }.Validate());
        Assert.Contains("imaging share", e.Message);
    }
}
