using System.Net.Http.Json;
using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Ingest;
using Analysis.Synthetic;
using Analysis.Tests.Shared;

namespace Analysis.Node.Tests.Imaging;

/// <summary>Image features (tumour volume and mean HU in the mask) kept per patient at the site, against pydicom + nibabel on the same files.</summary>
public sealed class ImagingFeatureTests
{
    /// <summary>Per patient with a masked CT: (volume in mL, mean HU), computed by pydicom, numpy and nibabel.</summary>
    private static Dictionary<string, (double Volume, double Mean)> Reference(string dir)
    {
        var output = ReferencePeer.Python($$"""
            import json, os, glob, numpy as np, nibabel as nib, pydicom
            out = {}
            root = os.path.join({{JsonSerializer.Serialize(dir)}}, "imaging")
            for patient in sorted(os.listdir(root)):
                ct = os.path.join(root, patient, "CT")
                if not os.path.exists(os.path.join(ct, "mask.nii")): continue
                slices = sorted((pydicom.dcmread(f) for f in glob.glob(os.path.join(ct, "*.dcm"))), key=lambda d: float(d.ImagePositionPatient[2]))
                volume = np.stack([d.pixel_array * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in slices])
                mask = np.asarray(nib.load(os.path.join(ct, "mask.nii")).dataobj).transpose(2, 1, 0) > 0
                dz = abs(float(slices[1].ImagePositionPatient[2]) - float(slices[0].ImagePositionPatient[2]))
                dy, dx = (float(v) for v in slices[0].PixelSpacing)
                out[patient] = [float(mask.sum()) * dx * dy * dz / 1000.0, float(volume[mask].mean())]
            print(json.dumps(out))
            """);
        return JsonDocument.Parse(output).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (p.Value[0].GetDouble(), p.Value[1].GetDouble()));
    }

    private static Dictionary<string, (double? Volume, double? Mean)> Stored(string dir)
    {
        using var connection = new SiteDatabase(dir).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, tumour_volume, tumour_intensity FROM patients";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, (double?, double?)>();
        while (reader.Read()) result[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2));
        return result;
    }

    [Fact]
    public async Task Features_equal_pydicom_and_nibabel_on_the_same_files_and_summaries_pool_them_exactly()
    {
        await using var site = await ImagingSite.StartAsync("feat", 11, RunningNode.ExactConfig(), patients: 80, share: 0.5);
        var reference = Reference(site.Directory);
        var stored = Stored(site.Directory);
        Assert.True(reference.Count >= 20, $"{reference.Count} patients with a masked CT");
        Assert.True(site.Report.Imaging.Features >= reference.Count);
        foreach (var (id, (volume, mean)) in reference)
        {
            Assert.Equal(volume, stored[id].Volume!.Value, 9);
            Assert.Equal(mean, stored[id].Mean!.Value, 9);
        }
        Assert.All(stored.Where(s => !reference.ContainsKey(s.Key)), s => Assert.Null(s.Value.Volume));
        // As a cohort variable: an exact summary of the feature equals the sum over the reference.
        using var client = site.Client();
        var response = await client.PostAsJsonAsync("api/v1/summary", new SummaryRequest { Variable = Variable.TumourVolume.Name }, ContractJson.Default.SummaryRequest);
        var summary = (await response.Content.ReadFromJsonAsync(ContractJson.Default.SummaryResult))!;
        Assert.Equal(reference.Count, summary.N.Value);
        Assert.Equal(reference.Values.Sum(v => v.Volume), summary.Sum!.Value, 6);
        Assert.Equal(reference.Values.Sum(v => v.Volume * v.Volume), summary.SumOfSquares!.Value, 4);
    }

    [Fact]
    public void Tumour_volume_follows_the_T_category()
    {
        var dir = SiteFixture.NewDirectory();
        SiteDataWriter.Write(new GeneratorOptions { Site = "tsize", Patients = 120, Seed = 12, ImagingShare = 0.6 }, dir);
        new SiteIngestor(dir).Ingest();
        using var connection = new SiteDatabase(dir).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT t, avg(tumour_volume) FROM patients WHERE tumour_volume IS NOT NULL GROUP BY t ORDER BY t";
        using var reader = command.ExecuteReader();
        var means = new List<(string T, double Mean)>();
        while (reader.Read()) means.Add((reader.GetString(0), reader.GetDouble(1)));
        Assert.True(means.Count >= 3, string.Join(", ", means));
        for (var i = 1; i < means.Count; i++) Assert.True(means[i].Mean > means[i - 1].Mean, string.Join(", ", means));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_site_whose_policy_does_not_allow_features_computes_none()
    {
        var dir = SiteFixture.NewDirectory();
        SiteDataWriter.Write(new GeneratorOptions { Site = "nofeat", Patients = 30, Seed = 13, ImagingShare = 0.5 }, dir);
        var report = new SiteIngestor(dir) { ImagingFeatures = false }.Ingest();
        Assert.True(report.Imaging.Series > 0);
        Assert.Equal(0, report.Imaging.Features);
        Assert.All(Stored(dir).Values, v => Assert.Null(v.Volume));
        Directory.Delete(dir, true);
    }
}
