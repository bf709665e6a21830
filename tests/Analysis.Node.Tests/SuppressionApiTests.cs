using System.Net;

namespace Analysis.Node.Tests;

public sealed class SuppressionApiTests
{
    [Fact]
    public async Task Counts_of_4_5_and_6_are_released_as_suppressed_5_and_6()
    {
        await using var node = await RunningNode.StartAsync(SiteFixture.PerCancer(breast: 6, colorectal: 5, lung: 4));
        foreach (var (code, expected) in new[] { ("254637007", (long?)null), ("C18.9", 5L), ("254837009", 6L) })
        {
            var (response, json) = await node.PostAsync("api/v1/count", new { filter = new { diagnosis = code } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cell = json.GetProperty("count");
            if (expected is null)
            {
                Assert.True(cell.GetProperty("suppressed").GetBoolean());
                Assert.Equal("<5", cell.GetProperty("display").GetString());
                Assert.False(cell.TryGetProperty("value", out _));
            }
            else
            {
                Assert.Equal(expected, cell.GetProperty("value").GetInt64());
            }
        }
    }
}
