namespace Analysis.Federation.Tests;

public sealed class FederatedCountTests
{
    [Fact]
    public void Prints_a_small_table_with_reasons_and_a_lower_bound_total()
    {
        var count = new FederatedCount([
            SiteCount.Released("oslo", 120), SiteCount.Hidden("lyon", "<5"), SiteCount.Failed("porto", "timed out after 10 s")]);
        Assert.Equal(120, count.Total);
        Assert.True(count.IsLowerBound);
        Assert.Equal("porto", Assert.Single(count.Failures).Site);
        Assert.Equal("""
            oslo      120
            lyon       <5
            porto  failed  timed out after 10 s
            -------------
            total    ≥120
            """.ReplaceLineEndings("\n"), count.ToString());
    }

    [Fact]
    public void A_complete_answer_is_exact()
    {
        var count = new FederatedCount([SiteCount.Released("a", 7), SiteCount.Released("b", 5)]);
        Assert.False(count.IsLowerBound);
        Assert.EndsWith("total  12", count.ToString());
        Assert.Throws<KeyNotFoundException>(() => count["c"]);
    }
}
