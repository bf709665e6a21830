using System.Net;

namespace Analysis.Node.Tests.Attacks;

/// <summary>The averaging attack on noise: the same patients asked about 50 ways always get the same noise.</summary>
public sealed class RepetitionAttackTests(AttackSite site) : IClassFixture<AttackSite>
{
    [Fact]
    public async Task The_same_cell_asked_fifty_ways_gives_the_same_released_value()
    {
        // Colorectal cancers, phrased by SNOMED or ICD-10 code, with age bounds that exclude no one (no patient is under 15
        // or over 97) and with redundant stage lists: every phrasing selects the same patients.
        var phrasings = (from code in new[] { "363406005", "C18.9" }
                         from ageMin in new int?[] { null, 0, 5, 10 }
                         from ageMax in new int?[] { null, 99, 104, 109, 119, 129, 150 }
                         select (object)new { diagnosis = code, ageMin, ageMax }).Take(50).ToList();
        Assert.Equal(50, phrasings.Count);
        var released = new List<long>();
        foreach (var filter in phrasings) released.Add((await AttackSite.Count(site.Protected, filter))!.Value);
        for (var i = 0; i < 10; i++) released.Add((await AttackSite.Count(site.Protected, phrasings[0]))!.Value);
        var value = Assert.Single(released.Distinct());

        // The same patients as a cross-table cell and a Beacon count get the same noise too.
        var truth = site.Patients.Count(p => p.Snomed == "363406005");
        Assert.InRange(value, truth - 4, truth + 4);
        var (_, byDiagnosis) = await AttackSite.Ask(site.Protected, "api/v1/crosstab", new { rows = "diagnosis", columns = "diagnosis" });
        var cell = byDiagnosis.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("row").GetString() == "363406005" && c.GetProperty("column").GetString() == "363406005");
        Assert.Equal(value, cell.GetProperty("count").GetProperty("value").GetInt64());
        using var beacon = site.Protected.ClientFor(RunningNode.BeaconToken);
        var (status, answer) = await AttackSite.Ask(site.Protected, "api/individuals", new { query = new { filters = new[] { new { id = "SNOMED:363406005" } } } }, beacon);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(value, answer.GetProperty("responseSummary").GetProperty("numTotalResults").GetInt64());
    }
}
