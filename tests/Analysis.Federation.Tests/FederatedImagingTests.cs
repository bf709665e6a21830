using Analysis.Node.Tests;
using Analysis.Node.Tests.Imaging;

namespace Analysis.Federation.Tests;

/// <summary><c>fed.Imaging()</c> over two real imaging nodes against the pooled count over both sites' metadata (pydicom).</summary>
public sealed class FederatedImagingTests
{
    [Fact]
    public async Task Imaging_search_totals_and_per_site_counts_equal_the_pooled_metadata_under_the_exact_policy()
    {
        await using var oslo = await ImagingSite.StartAsync("oslo", 21, RunningNode.ExactConfig(), patients: 120);
        await using var lyon = await ImagingSite.StartAsync("lyon", 22, RunningNode.ExactConfig(), patients: 100);
        using var fed = new FederationClient([ThreeSites.Site("oslo", oslo.Server.Address.AbsoluteUri), ThreeSites.Site("lyon", lyon.Server.Address.AbsoluteUri)]);
        (ImagingQuery Query, PlainSearch Plain)[] searches =
        [
            (fed.Imaging(), new PlainSearch()),
            (fed.Imaging().Modality(ImagingModality.CT).BodyPart(BodyPart.Chest), new PlainSearch(Modality: "CT", BodyPart: "CHEST")),
            (fed.Imaging().Sex(Sex.Female).Modality(ImagingModality.MR), new PlainSearch(Sex: "female", Modality: "MR")),
            (fed.Imaging().Diagnosis(CancerType.Colorectal).BodyPart(BodyPart.Abdomen), new PlainSearch(Diagnosis: "363406005", BodyPart: "ABDOMEN")),
        ];
        var plains = searches.Select(s => s.Plain).ToList();
        var osloTruth = ImagingReference.Counts([oslo.Directory], plains);
        var lyonTruth = ImagingReference.Counts([lyon.Directory], plains);
        var pooledTruth = ImagingReference.Counts([oslo.Directory, lyon.Directory], plains);
        for (var i = 0; i < searches.Length; i++)
        {
            var query = searches[i].Query;
            var result = await query.CountAsync();
            var perSite = new[] { osloTruth[i], lyonTruth[i] };
            var pooled = pooledTruth[i];
            Assert.True(result.IsComplete);
            Assert.Empty(result.Caveats);
            Assert.All(perSite, p => Assert.True(p.Subjects >= 5, $"{query}: a site has {p.Subjects} subjects; pick a broader search"));
            Assert.Equal(pooled.Subjects, result.Result.Subjects.N);
            Assert.Equal(pooled.Studies, result.Result.Studies.N);
            Assert.Equal(perSite[0].Subjects, result["oslo"].Value!.Subjects.N);
            Assert.Equal(perSite[1].Studies, result["lyon"].Value!.Studies.N);
        }
        var status = (await fed.Sites.StatusAsync()).ToString();
        Assert.Contains("imaging operations: imaging.search, imaging.features", status);
    }
}
