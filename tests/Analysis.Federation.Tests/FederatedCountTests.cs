namespace Analysis.Federation.Tests;

public sealed class FederatedCountTests
{
    [Fact]
    public void Prints_the_total_with_reasons_and_a_lower_bound()
    {
        var count = Federated.Count([
            new("oslo", ReleasedCell.Shown(120), null), new("lyon", ReleasedCell.Suppressed(5), null), new("porto", null, "timed out after 10 s")]);
        Assert.Equal(120, count.Result.N);
        Assert.True(count.Result.IsLowerBound);
        Assert.Equal("≥120", count.Result.Display);
        Assert.Equal("porto", Assert.Single(count.Sites, s => !s.Included).Site);
        Assert.Equal("<5", count["lyon"].Value!.Display);
        Assert.Null(count.Sites.Single(s => s.Site == "lyon").Patients);
        Assert.Equal("""
            ≥120

            Sites:
              oslo: included (n = 120)
              lyon: included
              porto: left out (timed out after 10 s)
            Note: not every site answered: the total covers the sites that did
            Note: lyon (<5) withheld its count under the cell threshold, counted as 0: the total is a lower bound
            """.ReplaceLineEndings("\n"), count.ToString());
    }

    [Fact]
    public void A_complete_answer_is_exact()
    {
        var count = Federated.Count([new("a", ReleasedCell.Shown(7), null), new("b", ReleasedCell.Shown(5), null)]);
        Assert.False(count.Result.IsLowerBound);
        Assert.True(count.IsExact);
        Assert.Equal("12", count.Result.Display);
        Assert.StartsWith("12\n", count.ToString());
        Assert.Throws<KeyNotFoundException>(() => count["c"]);
    }

    [Fact]
    public void A_threshold_of_one_withholds_only_zero_so_it_is_an_exact_zero()
    {
        var count = Federated.Count([new("a", ReleasedCell.Suppressed("<1"), null), new("b", ReleasedCell.Shown(5), null)]);
        Assert.Equal(new Count(0, false, "0"), count["a"].Value);
        Assert.Equal(new Count(5, false, "5"), count.Result);
    }
}
