using Analysis.Node.Tests;

namespace Analysis.Federation.Tests;

/// <summary><c>fed.Beacon()</c> over three real nodes, plus broken and beacon-less sites where the test says.</summary>
public sealed class BeaconFederationTests(ThreeSites sites) : IClassFixture<ThreeSites>
{
    private IEnumerable<Site> BeaconSites() => sites.Nodes.Select((n, i) =>
        new Site(ThreeSites.Names[i], "XX", n.Server.Address, RunningNode.BeaconToken, new Uri(n.Server.Address, "api/"), null));

    private static readonly FederationOptions Quick = new() { SiteTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 1 };

    [Fact]
    public async Task Every_site_answers_and_the_total_is_the_sum_of_the_granted_counts()
    {
        using var fed = new FederationClient(BeaconSites(), Quick);
        var answer = await fed.Beacon().IndividualsAsync(BeaconQuery.All.Sex(Sex.Male));

        Assert.Equal(ThreeSites.Names, answer.PerSite.Select(a => a.Site));
        for (var i = 0; i < 3; i++)
            Assert.Equal(sites.Nodes[i].Patients.Count(p => p.Sex == "male"), answer[ThreeSites.Names[i]].Value!.Count);
        Assert.Equal(sites.Nodes.Sum(n => n.Patients.Count(p => p.Sex == "male")), answer.Result.Count);
        Assert.False(answer.Result.IsLowerBound);
        Assert.True(answer.IsExact);
        Assert.All(answer.Sites, s => Assert.True(s.Included));
    }

    [Fact]
    public async Task A_withheld_count_makes_the_total_a_lower_bound()
    {
        using var fed = new FederationClient(BeaconSites(), Quick);
        var answer = await fed.Cohort().Diagnosis(Snomed.BreastCancer).BeaconAsync();
        Assert.True(answer["porto"].Value!.IsImprecise);
        Assert.Equal("<5", answer["porto"].Value!.ToString());
        Assert.Equal(sites.Nodes[0].Patients.Count(p => p.Snomed == "254837009") + sites.Nodes[1].Patients.Count(p => p.Snomed == "254837009"), answer.Result.Count);
        Assert.True(answer.Result.IsLowerBound);
        Assert.Contains("porto (<5) gave no exact count", Assert.Single(answer.Caveats));
        Assert.StartsWith($"≥{answer.Result.Count}", answer.ToString());
        Assert.Equal(answer.Result, (await fed.Beacon().IndividualsAsync(new Cohort().Diagnosis(Snomed.BreastCancer))).Result);
    }

    [Fact]
    public async Task Broken_and_beaconless_sites_are_reported_while_the_others_answer()
    {
        await using var garbled = FakeSite.Answering(200, "application/json",
            """{"meta":{"beaconId":"b","apiVersion":"v2.0","returnedGranularity":"count","receivedRequestSummary":{},"returnedSchemas":[]}}""");
        await using var down = FakeSite.Answering(503, "text/plain", "maintenance");
        var extra = new[]
        {
            new Site("garbled", "XX", new Uri(garbled.Url), "t", new Uri(garbled.Url), null),
            new Site("down", "XX", new Uri(down.Url), "t", new Uri(down.Url), null),
            new Site("nobeacon", "XX", new Uri(down.Url), "t", null, null),
        };
        using var fed = new FederationClient(BeaconSites().Concat(extra), Quick);
        var answer = await fed.Beacon().VariantsAsync(VariantQuery.InGene("KRAS"));

        Assert.Equal([.. ThreeSites.Names, "garbled", "down"], answer.PerSite.Select(a => a.Site));
        Assert.Equal(["nobeacon"], fed.Beacon().WithoutBeacon);
        Assert.Equal("unexpected answer: no 'responseSummary' in it", answer["garbled"].Failure);
        Assert.Contains("HTTP 503", answer["down"].Failure);
        Assert.Equal(["garbled", "down", "nobeacon"], answer.Sites.Where(s => !s.Included).Select(f => f.Site));
        var expected = sites.Nodes.Select(n => n.Patients.Count(p => p.MafGenes.Contains("KRAS"))).ToList();
        Assert.All(expected, n => Assert.True(n >= 5, "each fixture site should have 5+ KRAS carriers"));
        Assert.Equal(expected.Sum(), answer.Result.Count);
        Assert.True(answer.Result.IsLowerBound);
        Assert.Contains("garbled: left out (unexpected answer: no 'responseSummary' in it)", answer.ToString());
        Assert.Contains("nobeacon: left out (not asked (no beaconUrl))", answer.ToString());
    }

    [Fact]
    public async Task Boolean_answers_give_existence_but_no_total()
    {
        using var fed = new FederationClient(BeaconSites(), Quick);
        var answer = await fed.Beacon().IndividualsAsync(BeaconQuery.All.Diagnosis(Snomed.NonSmallCellLungCancer), Granularity.Boolean);
        Assert.True(answer.Result.Exists);
        Assert.Null(answer.Result.Count);
        Assert.True(answer.Result.IsLowerBound);
        Assert.All(answer.PerSite, a => Assert.Equal(Granularity.Boolean, a.Value!.ReturnedGranularity));
        Assert.StartsWith("yes", answer.ToString());
        Assert.Contains("answered only yes or no", answer.Caveats.Single());
    }

    [Fact]
    public async Task Cancelling_stops_every_beacon_request()
    {
        await using var sleeping = FakeSite.Sleeping();
        using var fed = new FederationClient([new Site("slow", "XX", new Uri(sleeping.Url), "t", new Uri(sleeping.Url), null)], new FederationOptions { SiteTimeout = TimeSpan.FromMinutes(1) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fed.Beacon().IndividualsAsync(BeaconQuery.All, cancellationToken: cancel.Token));
    }
}
